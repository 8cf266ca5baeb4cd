import ArgumentParser
import Foundation
import Synchronization
import TroupeCore
import TroupeEval
#if canImport(Glibc)
import Glibc
#endif

/// `troupe eval`: runs a promptfoo suite and reports pass/fail per cell.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a prompt suite in promptfoo's format (prompts × providers × tests, with checks).",
        discussion: """
            Reads promptfooconfig.yaml (or -c FILE): prompts, providers (openai:MODEL, \
            openai:chat:MODEL, azureopenai:chat:DEPLOYMENT, azure:chat:DEPLOYMENT, local, \
            local:GGUF), tests (inline, file://tests.yaml, file://tests.csv) and their checks. \
            Every cell runs concurrently (-j sets MAX_CONCURRENT_MODEL_CALLS for the run); \
            answers come from the response cache unless --no-cache, and --repeat N asks N \
            independent samples. Exit status: 0 when every cell passed, 100 when any failed \
            or got no answer, 1 when the suite cannot be read.

            --batch sends the cells of openai: and azure: providers through the Batch API \
            (one batch per provider, at the batch price; answers can take up to 24 hours): \
            cached cells are answered at once, the rest are uploaded, the batches are polled \
            (first after --batch-interval seconds, then twice as long each time, up to a \
            minute) and their answers merged into the same report. local providers run as usual.

            Every cell is written to the conversation log (one conversation per run) unless \
            --no-log or LOG=off.

            Servers: --base-url sends every openai: provider, the grader (GRADER_MODEL, else \
            MODEL; defaultTest.options.provider wins) and the embeddings of `similar` to one \
            OpenAI-compatible server. For azure providers a set AZURE_OPENAI_ENDPOINT wins \
            over the placeholder apiHost that published Azure examples carry.

            Examples:
              troupe eval
              troupe eval -c suites/translate.yaml --base-url http://127.0.0.1:8080/v1 -j 8
              troupe eval -o results.json --junit junit.xml
              troupe eval --filter-failing results.json
              troupe eval --batch -o results.json
            """)

    @Option(name: [.customShort("c"), .customLong("config")], help: ArgumentHelp("The suite.", valueName: "file"))
    var suiteFile = "promptfooconfig.yaml"

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Send every OpenAI provider, the grader and the embeddings to this server.", valueName: "url"))
    var baseURL: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the results as JSON (schema in the README).", valueName: "file.json"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Write JUnit XML: one testcase per cell.", valueName: "file.xml"))
    var junit: String?

    @Flag(name: .customLong("no-cache"), help: "Ask every answer afresh and store none.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("Independent samples per cell (cache samples 0…N−1).", valueName: "n"))
    var `repeat` = 1

    @Option(name: .customLong("filter-failing"), help: ArgumentHelp("Re-run only the cells that did not pass in this earlier --output file.", valueName: "file.json"))
    var filterFailing: String?

    @Option(name: [.customShort("j"), .customLong("max-concurrency")], help: ArgumentHelp("Model calls in flight at once (MAX_CONCURRENT_MODEL_CALLS for this run).", valueName: "n"))
    var concurrency: Int?

    @Flag(help: "Send the cells through the OpenAI (or Azure) Batch API and wait for the batches.")
    var batch = false

    @Option(name: .customLong("batch-interval"), help: ArgumentHelp("Seconds before the first look at a batch (then doubling, up to 60).", valueName: "seconds"))
    var batchInterval: Double = 5

    @Flag(name: .customLong("no-log"), help: "Do not write the cells to the conversation log (LOG=off does it always).")
    var noLog = false

    @Option(name: .customLong("ini"), help: ArgumentHelp("A config.ini read after ~/.config/troupe/config.ini and ./config.ini.", valueName: "file"))
    var iniFile: String?

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Change any setting for this run, e.g. --set grader_model=gpt-4.1 (repeatable).", valueName: "key=value"))
    var settings: [String] = []

    @Flag(help: "Show on standard error what is sent, received and retried (also TROUPE_VERBOSE=1).")
    var verbose = false

    func validate() throws {
        if `repeat` < 1 { throw ValidationError("--repeat takes a number of samples, 1 or more.") }
        if let concurrency, concurrency < 1 { throw ValidationError("-j takes a number of calls, 1 or more.") }
        if !(batchInterval > 0 && batchInterval <= 3600) { throw ValidationError("--batch-interval takes seconds, more than 0 and at most 3600.") }
    }

    func run() async throws {
        let suite: EvalSuite
        do {
            suite = try EvalSuiteLoader().load(contentsOf: suiteFile)
        } catch {
            StandardOutput.writeError("troupe: \(error)\n")
            throw ExitCode(1)
        }
        var options = EvalRunOptions(
            repeatCount: `repeat`, useCache: !noCache, concurrency: concurrency, baseURL: baseURL, batch: batch,
            batchPollInterval: .milliseconds(Int64((batchInterval * 1000).rounded())))
        if let filterFailing {
            do {
                let earlier = try EvalReport.read(try Data(contentsOf: URL(fileURLWithPath: filterFailing)))
                options.onlyCells = earlier.failingKeys
            } catch {
                StandardOutput.writeError("troupe: \(filterFailing): not a results file of troupe eval --output (\(error))\n")
                throw ExitCode(1)
            }
        }
        var flags: [String: String] = [:]
        for text in settings {
            guard let change = SettingChange(assignment: text) else {
                throw ValidationError("“\(text)” is not a setting: write key=value, for example --set temperature=0.2.")
            }
            flags[change.name] = change.value
        }
        if noLog { flags["LOG"] = "false" }
        var config = try ConfigLoader().load(configFile: iniFile, flags: flags)
        for warning in config.warnings { StandardOutput.writeError("troupe: warning: \(warning)\n") }
        config.chooseLocalIfNothingElse(paths: TroupePaths(), workingDirectory: FileManager.default.currentDirectoryPath)

        let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
        let recorder = ConversationRecorder.configured(config: config, paths: TroupePaths(), kind: .eval, groupInterval: EvalRunner.logGroupInterval)
        let report = try await EvalRunner(config: config, recorder: recorder).run(suite, options: options) { progress in
            bar.show(progress)
        }
        bar.finish()
        for warning in report.warnings ?? [] { StandardOutput.writeError("troupe: warning: \(warning)\n") }

        StandardOutput.write(report.table(width: OutputTerminal.standardOutput.width))
        StandardOutput.write(report.summaryLine + "\n")
        var outputs = suite.outputPaths.map { path in
            path.hasPrefix("/") ? path : (suite.directory as NSString).appendingPathComponent(path)
        }
        if let output { outputs.insert(output, at: 0) }
        for path in outputs {
            try report.json().write(to: URL(fileURLWithPath: path))
        }
        if let junit {
            try Data(report.junitXML().utf8).write(to: URL(fileURLWithPath: junit))
        }
        if !report.allPassed { throw ExitCode(100) }
    }
}

/// A one-line progress bar on standard error, redrawn in place; not on a terminal, only a
/// line each time a batch changes status (a batch can take hours; a CI log shows it waiting).
final class ProgressBar: Sendable {
    private let enabled: Bool
    private struct State {
        var drawn = false
        var batchLines: [String] = []
    }
    private let state = Mutex(State())

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ progress: EvalProgress) {
        guard enabled else {
            reportBatchChanges(progress.batches)
            return
        }
        let width = 30
        let filled = progress.total > 0 ? width * progress.done / progress.total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var line = "\r\(bar) \(progress.done)/\(progress.total) cells"
        if progress.failed > 0 { line += ", \(progress.failed) failed" }
        if progress.errors > 0 { line += ", \(progress.errors) errors" }
        let open = progress.batches.filter { $0.status != "completed" && $0.status != "failed" }
        if !open.isEmpty {
            let done = open.reduce(0) { $0 + $1.completed }
            let total = open.reduce(0) { $0 + $1.total }
            line += open.count == 1
                ? " · batch \(open[0].batchID.map { $0 + " " } ?? "")\(open[0].status.replacingOccurrences(of: "_", with: " ")) \(done)/\(total)"
                : " · \(open.count) batches \(done)/\(total)"
        }
        state.withLock { $0.drawn = true }
        StandardOutput.writeError(line + "\u{1B}[K")
    }

    private func reportBatchChanges(_ batches: [EvalBatchProgress]) {
        // A line when a batch's id or status changes, not for every count.
        let seen = batches.map { "\($0.batchID ?? "")\u{1F}\($0.status)" }
        let changed: [EvalBatchProgress] = state.withLock { state in
            let changed = batches.indices.filter { $0 >= state.batchLines.count || state.batchLines[$0] != seen[$0] }.map { batches[$0] }
            state.batchLines = seen
            return changed
        }
        for batch in changed {
            let status = batch.status.replacingOccurrences(of: "_", with: " ")
            StandardOutput.writeError(
                "troupe: batch \(batch.batchID ?? "(uploading)") for \(batch.provider): \(status) (\(batch.completed)/\(batch.total) requests)\n")
        }
    }

    func finish() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        StandardOutput.writeError("\r\u{1B}[K")
    }
}
