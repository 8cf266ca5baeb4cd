// Measures the model catalog's first lookup and the conversation log's append, search, list
// and show on this machine. Run in release: swift run -c release LogBench [TURNS]
import Foundation
import TroupeCore

let clock = ContinuousClock()

/// CPU time of this process (user + system): less disturbed than wall time on a shared machine.
func cpuTime() -> Duration {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return .seconds(Int64(spec.tv_sec)) + .nanoseconds(Int64(spec.tv_nsec))
}

func microseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
}

func report(_ label: String, _ duration: Duration, per count: Int = 1) {
    let total = microseconds(duration)
    if count > 1 {
        print(String(format: "%-44@ %10.1f µs total, %8.2f µs each", label as NSString, total, total / Double(count)))
    } else {
        print(String(format: "%-44@ %10.1f µs (%.2f ms)", label as NSString, total, total / 1000))
    }
}

// 1. Catalog: the first lookup parses the embedded YAML.
var facts: ModelFacts?
let cpuAtStart = cpuTime()
report("catalog: first lookup (parse + lookup)", clock.measure { facts = ModelCatalog.builtIn.facts(for: "gpt-4o-2024-08-06") })
report("catalog: ... CPU time of the first lookup", cpuTime() - cpuAtStart)
report("catalog: next lookup", clock.measure { facts = ModelCatalog.builtIn.facts(for: "o3-mini") })
precondition(facts != nil)
let modelsYAMLBytes = Array(ModelCatalog.builtInTableText.utf8)
let parses = Int(ProcessInfo.processInfo.environment["LOGBENCH_PARSES"] ?? "") ?? 1000
report("yaml: \(parses) reads of models.yaml (reader only)", clock.measure {
    for _ in 0..<parses { _ = try? YAMLReader().read(modelsYAMLBytes, file: "models.yaml") }
}, per: parses)
let cpuBeforeParses = cpuTime()
report("catalog: \(parses) parses of models.yaml", clock.measure {
    for _ in 0..<parses { _ = try? ModelCatalog.loadBuiltIn() }
}, per: parses)
report("catalog: ... CPU time of those parses", cpuTime() - cpuBeforeParses, per: parses)

// 2. The log.
let totalTurns = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100_000 : 100_000
// LOGBENCH_KEEP=DIR keeps the filled log as DIR/troupe/logs.db (for timing `troupe log` on it).
let kept = ProcessInfo.processInfo.environment["LOGBENCH_KEEP"]
let directory = kept.map { $0 + "/troupe" } ?? NSTemporaryDirectory() + "logbench-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { if kept == nil { try? FileManager.default.removeItem(atPath: directory) } }
let log = try ConversationLog(path: directory + "/logs.db")

let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
             "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
func sentence(_ length: Int) -> String {
    (0..<length).map { _ in words[Int.random(in: 0..<words.count)] }.joined(separator: " ")
}

/// Appends `count` turns in conversations of 10 turns, each resending the history.
func appendTurns(_ count: Int) throws -> Duration {
    var elapsed = Duration.zero
    var done = 0
    while done < count {
        let id = try log.startConversation(kind: .shell)
        var history: [ChatMessage] = [.system("You are a helpful assistant.")]
        for _ in 0..<min(10, count - done) {
            history.append(.user(sentence(12) + " \(done)"))
            let reply = sentence(40)
            let turn = TurnRecord(
                conversation: id, api: "openai", model: "gpt-4o-mini",
                parameters: ["temperature": 0.7, "max_tokens": 512], messages: history, reply: reply,
                usage: TokenUsage(promptTokens: 200, cachedTokens: 100, completionTokens: 60),
                cost: Cost(dollars: Decimal(string: "0.0000585")!), firstTokenLatency: .milliseconds(300),
                totalLatency: .milliseconds(1200), finishReason: "stop")
            elapsed += try clock.measure { try log.append(turn) }
            history.append(.assistant(reply))
            done += 1
        }
    }
    return elapsed
}

let first = min(10_000, totalTurns)
let cpuBefore = cpuTime()
report("log: append \(first) turns (one transaction each)", try appendTurns(first), per: first)
report("log: ... CPU time of those appends", cpuTime() - cpuBefore, per: first)
// What a shell turn pays: ConversationRecorder.record builds the record from the request's
// parameters and the completion, then appends it (a 10-message history).
let recorder = ConversationRecorder(log: log, kind: .shell)
let parameters = ChatParameters(model: "gpt-4o-mini", [.temperature: 0.7, .maxTokens: 512])
let history: [ChatMessage] = [.system("You are a helpful assistant.")]
    + (0..<9).map { $0 % 2 == 0 ? ChatMessage.user(sentence(12)) : ChatMessage.assistant(sentence(40)) }
let answer = ChatCompletion(
    content: sentence(40), finishReason: "stop", model: "gpt-4o-mini",
    usage: Usage(promptTokens: 200, completionTokens: 60, cachedTokens: 100),
    latency: ResponseLatency(firstTokenSeconds: 0.3, totalSeconds: 1.2))
let recorded = 1000
let cpuBeforeRecorder = cpuTime()
report("recorder: record \(recorded) shell turns", clock.measure {
    for _ in 0..<recorded {
        _ = recorder.record(
            apiType: "openai", parameters: parameters, messages: history, completion: answer,
            cost: Cost(dollars: Decimal(string: "0.0000585")!), time: Date())
    }
}, per: recorded)
report("recorder: ... CPU time of those", cpuTime() - cpuBeforeRecorder, per: recorded)
let sample = (0..<21).map { $0 % 2 == 0 ? ChatMessage.user(sentence(30)) : ChatMessage.assistant(sentence(30)) }
let encoder = JSONEncoder()
report("(JSONEncoder: 21 messages, for comparison)", clock.measure { for _ in 0..<1000 { _ = try? encoder.encode(sample) } }, per: 1000)
if totalTurns > first {
    report("log: append up to \(totalTurns) turns", try appendTurns(totalTurns - first), per: totalTurns - first)
}
print("log: \(try log.turnCount()) turns in the file")

func timeSearch(_ text: String, limit: Int = 20) throws {
    var hits: [SearchHit] = []
    _ = try log.search(text: text, limit: limit)  // warm the page cache once
    let runs = 20
    let elapsed = try clock.measure { for _ in 0..<runs { hits = try log.search(text: text, limit: limit) } }
    report("search \"\(text)\" limit \(limit) (\(hits.count) hits)", elapsed / runs)
}
try timeSearch("alpha")  // in nearly every turn
try timeSearch("alpha bravo charlie")
try timeSearch("\"quebec\" AND romeo*", limit: 100)
try timeSearch("54321")  // the number of one turn (when there are that many)
try timeSearch("nothingmatches")

var list: [ConversationSummary] = []
report("list: newest 20 conversations", try clock.measure { for _ in 0..<20 { list = try log.conversations(limit: 20) } } / 20)
report("list: 20 conversations at offset 5000", try clock.measure { for _ in 0..<20 { list = try log.conversations(limit: 20, offset: 5000) } } / 20)
let someID = list.first?.id.rawValue ?? "0"
var detail: ConversationDetail?
report("show: one conversation by its full ID", try clock.measure {
    for _ in 0..<20 { detail = try log.conversation(idPrefix: someID) }
} / 20)
print("(show found \(detail?.turns.count ?? 0) turns)")
report("show: by a 3-digit prefix (may be ambiguous)", clock.measure {
    for _ in 0..<20 { _ = try? log.conversation(idPrefix: String(someID.prefix(3))) }
} / 20)
var resumed: [ChatMessage] = []
report("resume: messages of a conversation", try clock.measure {
    for _ in 0..<20 { resumed = try log.resumeMessages(idPrefix: someID) }
} / 20)
print("(resume gave \(resumed.count) messages)")
