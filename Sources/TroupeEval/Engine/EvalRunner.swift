import Foundation
import TroupeCore

/// Runs a suite: every cell (test × provider × prompt × sample) concurrently, bounded by
/// MAX_CONCURRENT_MODEL_CALLS across the providers and the grader, then the checks, then
/// `select-best` across each test's answers.
///
/// Cells come in promptfoo's order: test, sample, provider, prompt. A cell whose request
/// still fails after its retries is an error cell (it counts as a failure). Answers come
/// from the response cache unless ``EvalRunOptions/useCache`` is off; sample `r` of
/// `--repeat` is cache sample `r`, so repeats are independent answers.
public struct EvalRunner: Sendable {
    /// The configuration the providers start from (keys, retries, timeouts, cache file).
    public var config: TroupeConfig
    public var registry: ClientRegistry
    public var paths: TroupePaths
    /// How long a run's log writes are grouped: cells that finish within it share one commit
    /// (a few hundred µs per cell saved on fast servers), and a killed run loses at most that
    /// much of its log.
    public static let logGroupInterval: Duration = .milliseconds(250)
    /// Where every cell's exchange is logged (one conversation per run); nil logs nothing.
    /// Give it ``logGroupInterval``; the run flushes it at the end.
    public var recorder: ConversationRecorder?

    public init(
        config: TroupeConfig, registry: ClientRegistry = ClientRegistry(), paths: TroupePaths = TroupePaths(),
        recorder: ConversationRecorder? = nil
    ) {
        self.config = config
        self.registry = registry
        self.paths = paths
        self.recorder = recorder
    }

    /// The cells a run makes, in order.
    public static func cells(of suite: EvalSuite, options: EvalRunOptions) -> [EvalCell] {
        var cells: [EvalCell] = []
        let promptIndex = Dictionary(suite.prompts.enumerated().map { ($1.label + "\u{1F}" + $1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (testIndex, test) in suite.tests.enumerated() {
            for repeatIndex in 0..<max(1, options.repeatCount) {
                for (providerIndex, provider) in suite.providers.enumerated() {
                    for prompt in suite.prompts(for: provider) {
                        if let only = options.onlyCells,
                           !only.contains(EvalCell.key(provider: provider, prompt: prompt, test: test, repeatIndex: repeatIndex)) {
                            continue
                        }
                        cells.append(EvalCell(
                            testIndex: testIndex, providerIndex: providerIndex,
                            promptIndex: promptIndex[prompt.label + "\u{1F}" + prompt.id] ?? 0, repeatIndex: repeatIndex))
                    }
                }
            }
        }
        return cells
    }

    /// Runs `suite`.
    /// - Parameter onProgress: told after each cell.
    /// - Throws: ``ConfigError`` when a provider's settings do not fit troupe's (checked before
    ///   any request); request failures are error cells, not thrown.
    public func run(
        _ suite: EvalSuite, options: EvalRunOptions, onProgress: @escaping @Sendable (EvalProgress) -> Void = { _ in }
    ) async throws -> EvalReport {
        let started = Date()
        let clock = ContinuousClock()
        let start = clock.now
        var base = config
        if let concurrency = options.concurrency {
            try base.set(.maxConcurrentModelCalls, value: .number(Double(concurrency)), source: .flag)
        }
        let root = LLMService(config: base, registry: registry, paths: paths)
        var services: [LLMService] = []
        for provider in suite.providers {
            services.append(root.sibling(with: try Self.configuration(for: provider, base: base, options: options)))
        }
        let grader = EvalGrader(service: root.sibling(with: try Self.graderConfiguration(suite: suite, base: base, options: options)))
        let templates = TemplateRenderer(locator: TemplateLocator(
            projectDirectory: (suite.directory as NSString).appendingPathComponent("Templates"),
            configuredDirectories: base.templatesDirectories))

        let cells = Self.cells(of: suite, options: options)
        recorder?.startNew()
        let runner = CellRunner(suite: suite, services: services, grader: grader, templates: templates, recorder: recorder)
        let progress = EvalProgressCounter(total: cells.count, report: onProgress)
        let results: [EvalCellResult?]
        if options.batch {
            results = await runBatched(cells, runner: runner, options: options, progress: progress)
        } else {
            results = await runDirectly(cells, runner: runner, window: min(cells.count, (base.maxConcurrentModelCalls ?? 64) * 2 + 2), progress: progress)
        }
        var finished = results.compactMap { $0 }
        await runner.selectBest(&finished)
        for index in finished.indices { finished[index].summarize(threshold: suite.tests[finished[index].testIndex].threshold) }
        let duration = (clock.now - start)
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if let problem = recorder?.flush() { runner.logProblems.report(problem) }
        var report = EvalReport(suite: suite, options: options, startedAt: started, durationSeconds: seconds, results: finished)
        if let problem = runner.logProblems.problem {
            report.warnings = ["the conversation log could not be written (\(problem)); this run is not in it"]
        }
        return report
    }
}

extension EvalRunner {
    /// Every cell through its provider's service, concurrently: a window of tasks a little
    /// wider than the MAX_CONCURRENT_MODEL_CALLS bound keeps memory flat for big suites.
    func runDirectly(_ cells: [EvalCell], runner: CellRunner, window: Int, progress: EvalProgressCounter) async -> [EvalCellResult?] {
        var results = [EvalCellResult?](repeating: nil, count: cells.count)
        await withTaskGroup(of: (Int, EvalCellResult).self) { group in
            var next = 0
            func startNext() {
                guard next < cells.count else { return }
                let index = next
                let cell = cells[index]
                next += 1
                group.addTask { (index, await runner.run(cell)) }
            }
            for _ in 0..<window { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                progress.finished(result)
                startNext()
            }
        }
        return results
    }
}

/// What one cell needs, shared by the cell tasks.
struct CellRunner: Sendable {
    let suite: EvalSuite
    let services: [LLMService]
    let grader: EvalGrader
    let templates: TemplateRenderer
    let recorder: ConversationRecorder?
    /// The first time the log could not be written, for one warning.
    let logProblems = EvalLogProblems()

    func run(_ cell: EvalCell) async -> EvalCellResult {
        var result: EvalCellResult
        let vars: [String: JSONValue]
        let parameters: ChatParameters
        switch await prepare(cell) {
        case .failed(let failed): return failed
        case .ready(let ready, let readyVars, let readyParameters): (result, vars, parameters) = (ready, readyVars, readyParameters)
        }
        let service = services[cell.providerIndex]
        let sent = Date()
        let completion: ChatCompletion
        do {
            completion = try await service.complete(result.messages, parameters: parameters, sample: .index(cell.repeatIndex))
        } catch {
            result.error = "\(error)"
            result.reason = result.error
            await log(result, parameters: parameters, completion: nil, cost: nil, error: error, sent: sent)
            return result
        }
        return await finish(result, vars: vars, parameters: parameters, completion: completion, sent: sent)
    }

    /// Writes one cell's exchange to the conversation log (one conversation per run): what it
    /// spent (zero for an answer from the cache), the prompt's label as the template and the
    /// test's variables.
    func log(
        _ result: EvalCellResult, parameters: ChatParameters, completion: ChatCompletion?, cost: Cost?, error: (any Error)?,
        sent: Date
    ) async {
        guard let recorder else { return }
        let service = services[result.providerIndex]
        let apiType = service.registry.apiType(for: await service.config)
        var logged = parameters
        logged.model = await service.modelInUse(parameters)
        let spent: Cost? = completion?.fromCache == true ? .zero : cost
        if let problem = recorder.record(
            apiType: apiType, parameters: logged, messages: result.messages, completion: completion, cost: spent,
            error: error, time: sent, template: result.prompt, templateVariables: .object(result.vars)) {
            logProblems.report(problem)
        }
    }

    /// A cell made ready to send, or a cell that failed before it could be.
    enum Prepared: Sendable {
        case ready(EvalCellResult, vars: [String: JSONValue], parameters: ChatParameters)
        case failed(EvalCellResult)
    }

    /// The cell's rendered messages and request parameters.
    func prepare(_ cell: EvalCell) async -> Prepared {
        let test = suite.tests[cell.testIndex]
        let provider = suite.providers[cell.providerIndex]
        let prompt = suite.prompts[cell.promptIndex]
        var result = EvalCellResult(
            testIndex: cell.testIndex, providerIndex: cell.providerIndex, promptIndex: cell.promptIndex,
            repeatIndex: cell.repeatIndex, provider: provider.id, providerLabel: provider.label, prompt: prompt.label,
            test: test.displayName, vars: test.vars,
            key: EvalCell.key(provider: provider, prompt: prompt, test: test, repeatIndex: cell.repeatIndex),
            messages: [], output: nil, error: nil, cached: false, latencyMilliseconds: nil, usage: nil, cost: nil,
            batched: nil, status: .error, score: 0, reason: nil, assertions: [], namedScores: [:])
        let vars: [String: JSONValue]
        do {
            vars = try EvalRunner.resolvedVariables(test.vars)
            result.messages = try EvalRunner.messages(for: prompt, vars: vars, templates: templates)
        } catch {
            result.error = error.description
            result.reason = error.description
            return .failed(result)
        }
        var parameters = await services[cell.providerIndex].config.chatParameters()
        if let format = provider.responseFormat { parameters.responseFormat = format }
        return .ready(result, vars: vars, parameters: parameters)
    }

    /// The cell with its answer and its checks (all but select-best, which needs every cell).
    /// An answer that came through the Batch API (now or when it was cached) is priced at the
    /// batch rate.
    func finish(
        _ prepared: EvalCellResult, vars: [String: JSONValue], parameters: ChatParameters, completion: ChatCompletion, sent: Date
    ) async -> EvalCellResult {
        var result = prepared
        let test = suite.tests[result.testIndex]
        let service = services[result.providerIndex]
        result.output = completion.content
        result.cached = completion.fromCache
        result.latencyMilliseconds = completion.latency.map { $0.totalSeconds * 1000 }
        result.usage = completion.usage
        let cost = await service.costWhenMade(of: completion, parameters: parameters, tier: completion.batched ? .batch : .standard)
        result.cost = cost.map { NSDecimalNumber(decimal: $0.dollars).doubleValue }
        if completion.batched { result.batched = true }
        for assertion in test.assertions where assertion.type != "select-best" || !assertion.isSupported {
            result.assertions.append(await check(
                assertion, output: completion.content, vars: vars, latency: result.latencyMilliseconds, cost: result.cost))
        }
        await log(result, parameters: parameters, completion: completion, cost: cost, error: nil, sent: sent)
        result.status = .pass
        return result
    }

    private func check(
        _ assertion: EvalAssertion, output: String, vars: [String: JSONValue], latency: Double?, cost: Double?
    ) async -> AssertionResult {
        if let unsupported = assertion.unsupportedResult() { return unsupported }
        let value: JSONValue?
        do {
            value = try EvalRunner.renderedValue(assertion.value, vars: vars)
        } catch {
            return assertion.failure("the check's value did not render: \(error)")
        }
        if let result = assertion.checkWithoutModel(output: output, value: value, latencyMilliseconds: latency, costDollars: cost) {
            return result
        }
        return await grader.check(assertion, output: output, value: value)
    }

    /// One grading request per test and sample with a `select-best` check: the chosen answer
    /// passes it, the others fail it. Error cells take no part.
    func selectBest(_ results: inout [EvalCellResult]) async {
        struct Group: Hashable { var test: Int; var sample: Int; var check: Int }
        var groups: [Group: [Int]] = [:]
        for (index, result) in results.enumerated() where result.status != .error {
            for (checkIndex, assertion) in suite.tests[result.testIndex].assertions.enumerated()
            where assertion.type == "select-best" && assertion.isSupported {
                groups[Group(test: result.testIndex, sample: result.repeatIndex, check: checkIndex), default: []].append(index)
            }
        }
        let grader = self.grader
        let suite = self.suite
        let snapshot = results
        let outcomes = await withTaskGroup(of: (Group, [Int], Result<Int, any Error>).self) { group in
            for (key, members) in groups {
                let assertion = suite.tests[key.test].assertions[key.check]
                let vars = (try? EvalRunner.resolvedVariables(suite.tests[key.test].vars)) ?? suite.tests[key.test].vars
                let criteria = ((try? EvalRunner.renderedValue(assertion.value, vars: vars)) ?? assertion.value)?.nunjucksText ?? ""
                let outputs = members.map { snapshot[$0].output ?? "" }
                group.addTask {
                    do { return (key, members, .success(try await grader.selectBest(criteria: criteria, outputs: outputs))) } catch {
                        return (key, members, .failure(error))
                    }
                }
            }
            var collected: [(Group, [Int], Result<Int, any Error>)] = []
            for await outcome in group { collected.append(outcome) }
            return collected
        }
        for (key, members, outcome) in outcomes {
            let assertion = suite.tests[key.test].assertions[key.check]
            for (position, index) in members.enumerated() {
                switch outcome {
                case .success(let best):
                    let chosen = position == best
                    results[index].assertions.append(assertion.result(
                        pass: chosen, reason: chosen ? "the grader chose this answer as the best of \(members.count)" : "the grader chose answer \(best + 1) of \(members.count)"))
                case .failure(let error):
                    results[index].assertions.append(assertion.failure("the select-best request failed: \(error)"))
                }
            }
        }
    }
}

extension EvalCellResult {
    /// Sets status, score and reason from the checks (error cells stay errors).
    mutating func summarize(threshold: Double?) {
        guard status != .error else { return }
        let summary = GradingSummary(assertions, threshold: threshold)
        status = summary.pass ? .pass : .fail
        score = summary.score
        reason = summary.reason
        namedScores = summary.namedScores
    }
}
