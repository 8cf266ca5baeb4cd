import Foundation
import TroupeCore

/// A cell waiting for its batch: its prepared result and the request that went in the file.
struct BatchedCell: Sendable {
    var index: Int
    var result: EvalCellResult
    var vars: [String: JSONValue]
    var parameters: ChatParameters
    var request: DeferredChatRequest
}

extension EvalRunner {
    /// The Batch API's limit on requests in one input file.
    static let batchLineLimit = 50_000
    /// Bytes per input file, under the Batch API's 200 MB.
    static let batchByteLimit = 190_000_000

    /// `--batch`: every cell is rendered and looked up in the cache first; the rest go to the
    /// Batch API, one batch per provider (more when a provider's file would pass the API's
    /// limits), all providers at once; their answers are cached and checked like direct
    /// ones and priced at the batch rate. Providers without a Batch API (the local model) run
    /// their cells one by one.
    func runBatched(_ cells: [EvalCell], runner: CellRunner, options: EvalRunOptions, progress: EvalProgressCounter) async -> [EvalCellResult?] {
        var results = [EvalCellResult?](repeating: nil, count: cells.count)
        var waiting: [Int: [BatchedCell]] = [:]
        var direct: [Int] = []
        for (index, cell) in cells.enumerated() {
            let service = runner.services[cell.providerIndex]
            guard OpenAIBatchClient.hasBatchAPI(apiType: service.registry.apiType(for: await service.config)) else {
                direct.append(index)
                continue
            }
            switch await runner.prepare(cell) {
            case .failed(let failed):
                results[index] = failed
                progress.finished(failed)
            case .ready(var result, let vars, let parameters):
                do {
                    switch try await service.prepareDeferred(result.messages, parameters: parameters, sample: .index(cell.repeatIndex)) {
                    case .cached(let completion):
                        let finished = await runner.finish(result, vars: vars, parameters: parameters, completion: completion, sent: Date())
                        results[index] = finished
                        progress.finished(finished)
                    case .send(let request):
                        waiting[cell.providerIndex, default: []].append(
                            BatchedCell(index: index, result: result, vars: vars, parameters: parameters, request: request))
                    }
                } catch {
                    result.error = "\(error)"
                    result.reason = result.error
                    results[index] = result
                    progress.finished(result)
                }
            }
        }
        let groups = waiting.keys.sorted().flatMap { provider in
            Self.chunks(waiting[provider] ?? []).map { (provider, $0) }
        }
        let window = runner.services.isEmpty ? 0 : min(cells.count, ((await runner.services[0].config.maxConcurrentModelCalls) ?? 64) * 2 + 2)
        let interval = options.batchPollInterval
        await withTaskGroup(of: [(Int, EvalCellResult)].self) { group in
            for (provider, members) in groups {
                group.addTask {
                    await Self.runBatch(members, provider: provider, runner: runner, interval: interval, progress: progress)
                }
            }
            if !direct.isEmpty {
                let indices = direct
                let directCells = indices.map { cells[$0] }
                group.addTask {
                    let answers = await self.runDirectly(directCells, runner: runner, window: min(window, directCells.count), progress: progress)
                    return zip(indices, answers).compactMap { index, result in result.map { (index, $0) } }
                }
            }
            for await finished in group {
                for (index, result) in finished { results[index] = result }
            }
        }
        return results
    }

    /// `cells` cut into files the Batch API takes (at most `lineLimit` lines and about
    /// `byteLimit` bytes each).
    static func chunks(_ cells: [BatchedCell], lineLimit: Int = batchLineLimit, byteLimit: Int = batchByteLimit) -> [[BatchedCell]] {
        var chunks: [[BatchedCell]] = []
        var current: [BatchedCell] = []
        var bytes = 0
        for cell in cells {
            let size = cell.request.body.count + 120
            if !current.isEmpty, current.count >= lineLimit || bytes + size > byteLimit {
                chunks.append(current)
                current = []
                bytes = 0
            }
            current.append(cell)
            bytes += size
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// One batch: upload, create, wait, download; every cell gets its answer, the error its
    /// line carries, or the batch's own error.
    static func runBatch(
        _ members: [BatchedCell], provider: Int, runner: CellRunner, interval: Duration, progress: EvalProgressCounter
    ) async -> [(Int, EvalCellResult)] {
        let service = runner.services[provider]
        let name = runner.suite.providers[provider].label ?? runner.suite.providers[provider].id
        var status = EvalBatchProgress(provider: name, batchID: nil, status: "uploading", completed: 0, total: members.count)
        let position = progress.batch(status)
        let sent = Date()
        func failAll(_ why: String) async -> [(Int, EvalCellResult)] {
            var failed: [(Int, EvalCellResult)] = []
            for member in members {
                var result = member.result
                result.error = why
                result.reason = why
                await runner.log(result, parameters: member.parameters, completion: nil, cost: nil, error: EvalBatchError.ended(why), sent: sent)
                progress.finished(result)
                failed.append((member.index, result))
            }
            return failed
        }
        let lines: [String: [String: Any]]
        do {
            let client = try OpenAIBatchClient(config: await service.config)
            var file: [UInt8] = []
            for member in members {
                file += Array(#"{"custom_id":"cell-\#(member.index)","method":"POST","url":"\#(client.lineURL)","body":"#.utf8)
                file += member.request.body
                file += Array("}\n".utf8)
            }
            let input = try await client.upload(file)
            let batch = try await client.create(inputFile: input)
            status.batchID = batch
            status.status = "validating"
            progress.batch(status, at: position)
            var poller = BatchPoller(interval: interval)
            func look() async throws -> BatchPoller.Action {
                let reply = try await client.status(batch)
                status.status = reply.status
                status.completed = reply.completed
                if reply.total > 0 { status.total = reply.total }
                progress.batch(status, at: position)
                return poller.receive(reply)
            }
            var action = try await look()
            while true {
                switch action {
                case .wait(let pause):
                    try await Task.sleep(for: pause)
                    action = try await look()
                    continue
                case .fail(let why):
                    status.status = "failed"
                    progress.batch(status, at: position)
                    return await failAll("batch \(batch): \(why)")
                case .download(let output, let errors):
                    status.status = "completed"
                    status.completed = status.total
                    progress.batch(status, at: position)
                    var text: [UInt8] = []
                    if let output { text += try await client.content(output) + Array("\n".utf8) }
                    if let errors { text += try await client.content(errors) }
                    lines = Self.outputLines(text)
                }
                break
            }
        } catch {
            status.status = "failed"
            progress.batch(status, at: position)
            return await failAll("\(error)")
        }
        var finished: [(Int, EvalCellResult)] = []
        for member in members {
            var result = member.result
            let answer = Self.answer(lines["cell-\(member.index)"])
            switch answer {
            case .success(let body):
                do {
                    let completion = try await service.receiveDeferred(body, for: member.request)
                    result = await runner.finish(result, vars: member.vars, parameters: member.parameters, completion: completion, sent: sent)
                } catch {
                    result.error = "\(error)"
                    result.reason = result.error
                    await runner.log(result, parameters: member.parameters, completion: nil, cost: nil, error: error, sent: sent)
                }
            case .failure(let why):
                result.error = why.description
                result.reason = result.error
                await runner.log(result, parameters: member.parameters, completion: nil, cost: nil, error: why, sent: sent)
            }
            progress.finished(result)
            finished.append((member.index, result))
        }
        return finished
    }

    /// The output and error files' lines by `custom_id`.
    static func outputLines(_ bytes: [UInt8]) -> [String: [String: Any]] {
        var lines: [String: [String: Any]] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                  let id = object["custom_id"] as? String else { continue }
            lines[id] = object
        }
        return lines
    }

    /// A line's chat completion body, or why it has none.
    static func answer(_ line: [String: Any]?) -> Result<[UInt8], EvalBatchError> {
        guard let line else { return .failure(.malformed("the batch gave no answer for this cell")) }
        if let error = line["error"] as? [String: Any] {
            return .failure(.ended("the batch could not run this cell: \(error["message"] as? String ?? "no reason given")"))
        }
        guard let response = line["response"] as? [String: Any], let body = response["body"] as? [String: Any] else {
            return .failure(.malformed("a batch line has no response body"))
        }
        let status = response["status_code"] as? Int ?? 200
        guard status < 400 else {
            let message = (body["error"] as? [String: Any])?["message"] as? String ?? "no message"
            return .failure(.http(status: status, message: message))
        }
        guard let data = try? JSONSerialization.data(withJSONObject: body) else {
            return .failure(.malformed("a batch line's body is not JSON"))
        }
        return .success(Array(data))
    }
}
