import Foundation
import TroupeCore
import TroupeEval

/// What the checking commands keep between inputs: the `/expect` checks, the last
/// `/compare`, and the last command `/watch` re-runs.
struct ShellChecks: Sendable {
    /// Checks every reply gets until `/expect --clear`.
    var expectations: [EvalAssertion] = []
    /// The last `/compare`, for `/pick`.
    var lastComparison: Comparison?
    /// The last `/compare`, `/render` or `/eval` line, for `/watch`.
    var watchable: String?
    /// The last templates rendered (`/render`, `/template`), which `/compare` renders again
    /// with the variables it varies.
    var lastRender: TemplateArguments?
}

extension ShellEngine {
    /// Runs `checks` on one answer; a model-graded check makes its grading request to
    /// GRADER_MODEL (default MODEL).
    func runChecks(
        _ checks: [EvalAssertion], on output: String, latencyMilliseconds: Double?, costDollars: Double? = nil
    ) async -> [AssertionResult] {
        guard !checks.isEmpty else { return [] }
        return await ReplyChecker.grading(with: service)
            .run(checks, on: output, latencyMilliseconds: latencyMilliseconds, costDollars: costDollars, vars: templateVariables.values)
    }

    /// Prints the `/expect` checks of a reply that just arrived.
    func reportChecks(on completion: ChatCompletion) async {
        let checks = self.checks.expectations
        guard !checks.isEmpty else { return }
        let cost = await service.costWhenMade(of: completion).map { NSDecimalNumber(decimal: $0.dollars).doubleValue }
        let results = await runChecks(
            checks, on: completion.content, latencyMilliseconds: completion.latency.map { $0.totalSeconds * 1000 }, costDollars: cost)
        for result in results {
            let line = CheckLine.text(result)
            output.line(result.pass ? output.style.dim(line) : output.style.bold(line))
        }
        sessions.attachChecks(results.map(\.turnCheck))
    }

    // MARK: - /compare and /pick

    /// Sends the last user message (or, when variables vary, the template rendered last) once
    /// per combination, concurrently, and prints the answers side by side.
    func compare(_ plan: ComparisonPlan) async throws {
        let base = await service.config
        let request: [ChatMessage]
        var renderTemplate: TemplateArguments?
        if plan.hasVariables {
            guard let template = checks.lastRender else {
                throw ShellCommandError.invalid("A KEY that is no setting is a template variable: /render or /template a template first.")
            }
            renderTemplate = template
            request = []
        } else {
            guard let lastUser = messages.lastIndex(where: { $0.role == .user }) else {
                throw ShellCommandError.invalid("Nothing to compare yet: send a message first (or /render a template and vary its variables).")
            }
            request = Array(messages[...lastUser])
        }
        var jobs: [(label: String, service: LLMService, messages: [ChatMessage])] = []
        for combination in plan.combinations {
            var config = base
            for (setting, text) in combination.settings {
                do {
                    try config.set(setting, to: text, source: .session, knownAPITypes: Set(service.registry.knownAPITypes))
                } catch {
                    throw ShellCommandError.invalid("\(error)")
                }
            }
            var messages = request
            if var arguments = renderTemplate {
                arguments.pairs += combination.variables.keys.sorted().map { "\($0)=\(Self.pairValue(combination.variables[$0] ?? .null))" }
                messages = try await renderTemplates(arguments).messages
            }
            jobs.append((combination.label, service.sibling(with: config), messages))
        }
        output.info("Comparing \(jobs.count) answers…")
        let checks = self.checks.expectations
        let answers = await withTaskGroup(of: (Int, ComparisonAnswer, Double?).self) { group in
            for (index, job) in jobs.enumerated() {
                group.addTask {
                    var answer = ComparisonAnswer(label: job.label, messages: job.messages, cached: false, checks: [])
                    var cost: Double?
                    do {
                        let completion = try await job.service.complete(job.messages)
                        answer.content = completion.content
                        answer.usage = completion.usage
                        answer.seconds = completion.latency?.totalSeconds
                        answer.cached = completion.fromCache
                        cost = await job.service.costWhenMade(of: completion).map { NSDecimalNumber(decimal: $0.dollars).doubleValue }
                    } catch {
                        answer.error = ShellEngine.describe(error)
                    }
                    return (index, answer, cost)
                }
            }
            var collected = [(ComparisonAnswer, Double?)?](repeating: nil, count: jobs.count)
            for await (index, answer, cost) in group { collected[index] = (answer, cost) }
            return collected.compactMap { $0 }
        }
        var checked = answers.map(\.0)
        for index in checked.indices {
            guard let content = checked[index].content else { continue }
            checked[index].checks = await runChecks(
                checks, on: content, latencyMilliseconds: checked[index].seconds.map { $0 * 1000 }, costDollars: answers[index].1)
        }
        let width = output.isInteractive ? TerminalInfo.columns() : 100
        for line in ComparisonLayout.lines(checked, width: width) { output.line(line) }
        self.checks.lastComparison = Comparison(request: request, answers: checked)
        output.info("/pick N keeps answer N in the conversation; the others stay on branches.")
    }

    /// A word without the double quotes around it (`\"` inside read as `"`).
    static func unquoted(_ word: String) -> String {
        guard word.count >= 2, word.hasPrefix("\""), word.hasSuffix("\"") else { return word }
        return String(word.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
    }

    /// A value as a `k=v` pair writes it: JSON, so text with spaces or quotes stays text.
    static func pairValue(_ value: JSONValue) -> String {
        if case .string(let text) = value, !text.contains(" "), !text.contains("\""), (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) == nil {
            return text
        }
        return value.compactJSONOrText == "" ? "\"\"" : (value.isString ? Self.jsonString(value) : value.compactJSONOrText)
    }

    static func jsonString(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Keeps answer `number` of the last comparison as the reply; every other answer (and a
    /// reply it replaces) is kept on a branch of its own.
    /// - Returns: the branches made.
    @discardableResult
    func pick(_ number: Int) throws -> [String] {
        guard let comparison = checks.lastComparison else { throw ShellCommandError.invalid("Nothing to pick: /compare first.") }
        guard comparison.answers.indices.contains(number - 1) else {
            throw ShellCommandError.invalid("There are \(comparison.answers.count) answers; /pick 1 to \(comparison.answers.count).")
        }
        let picked = comparison.answers[number - 1]
        guard let content = picked.content else { throw ShellCommandError.invalid("Answer \(number) is an error, not an answer.") }
        let request = picked.messages
        let shared = ConversationTree.sharedPrefix(messages, request)
        var branches: [String] = []
        if messages.count > shared, let name = tree.setAside(from: shared) { branches.append(name) }
        for (index, answer) in comparison.answers.enumerated() where index != number - 1 {
            guard let other = answer.content else { continue }
            messages = answer.messages + [.assistant(other)]
            if let name = tree.setAside(from: shared) { branches.append(name) }
        }
        messages = request + [.assistant(content)]
        cutMessages = cutMessages.filter { $0 < shared }
        failedMessage = nil
        checks.lastComparison = nil
        return branches
    }

    // MARK: - /eval and /watch

    /// Runs a suite with the configuration in force and prints its table.
    /// - Returns: the files the suite was read from (for `/watch`).
    @discardableResult
    func runSuite(_ file: String) async throws -> [String] {
        let suite: EvalSuite
        do {
            suite = try EvalSuiteLoader().load(contentsOf: file)
        } catch {
            throw ShellCommandError.invalid("\(error)")
        }
        let config = await service.config
        output.info("Running \(suite.description ?? file)…")
        // The suite's cells go to the log as an eval conversation of their own when the shell logs.
        let suiteRecorder = recorder == nil ? nil : ConversationRecorder.configured(config: config, paths: service.paths, kind: .eval, groupInterval: EvalRunner.logGroupInterval)
        let report = try await EvalRunner(config: config, registry: service.registry, paths: service.paths, recorder: suiteRecorder)
            .run(suite, options: EvalRunOptions(useCache: true))
        for warning in report.warnings ?? [] { output.info("warning: \(warning)") }
        let width = output.isInteractive ? TerminalInfo.columns() : 100
        for line in report.table(width: width).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            output.line(String(line))
        }
        output.info(report.summaryLine)
        return suite.sourceFiles
    }

    /// The files `/watch` polls for `line`: the suite's files for `/eval`, every template file
    /// troupe would read for `/compare` and `/render`.
    func watchedFiles(for line: String) async -> [String] {
        if line.hasPrefix("/eval") {
            let file = Self.suiteArgument(line)
            return (try? EvalSuiteLoader().load(contentsOf: file).sourceFiles) ?? [file]
        }
        let locator = TemplateLocator(config: await service.config)
        return locator.list().map(\.path)
    }

    static func suiteArgument(_ line: String) -> String {
        let argument = line.dropFirst("/eval".count).trimmingCharacters(in: .whitespaces)
        return argument.isEmpty ? "promptfooconfig.yaml" : argument
    }

    /// Re-runs the last `/compare`, `/render` or `/eval` whenever a file it used changes,
    /// polling every `interval`, until the task is cancelled (Ctrl-C).
    func watch(interval: Duration = .milliseconds(500)) async throws {
        guard let line = checks.watchable else {
            throw ShellCommandError.invalid("Nothing to watch: run /compare, /render or /eval first.")
        }
        var files = await watchedFiles(for: line)
        var stamps = FileStamps.read(files)
        output.info("Watching \(files.count) file(s); \(line) runs again when one changes (Ctrl-C stops).")
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { break }
            let now = FileStamps.read(files)
            guard now != stamps else { continue }
            output.info("── changed; \(line)")
            await runCommand(line)
            files = await watchedFiles(for: line)
            stamps = FileStamps.read(files)
        }
        output.info("Stopped watching.")
    }
}

/// Modification times and sizes of files, by path (nil for a missing file): editors that
/// save by rename change them too.
enum FileStamps {
    struct Stamp: Equatable {
        var modified: Date?
        var size: Int?
    }

    static func read(_ paths: [String]) -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        for path in paths {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            stamps[path] = Stamp(modified: attributes?[.modificationDate] as? Date, size: (attributes?[.size] as? NSNumber)?.intValue)
        }
        return stamps
    }
}

extension JSONValue {
    var isString: Bool {
        if case .string = self { return true }
        return false
    }

    /// Text as is; other values as JSON (how `/var` pairs write values).
    var compactJSONOrText: String {
        if case .string(let text) = self { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
