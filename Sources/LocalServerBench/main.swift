// The local model seen through troupe (Scripts/bench-local.sh runs it in release):
//
//   LocalServerBench TROUPE_BINARY [RUNS]
//
// - cold: a fresh `troupe send` (no server running), process start to the first byte of the
//   reply on standard output;
// - warm: the same with a server already running (`troupe serve-local`);
// - decode: tokens per second of a streamed reply as troupe receives it (LLMService, from the
//   first text to the last), against the server's own `timings.predicted_per_second` for the
//   same request in the same run.
// Prints `key=value` lines (medians) for the script.
import Foundation
import Synchronization
import TroupeCore

let arguments = Array(CommandLine.arguments.dropFirst())
guard let troupe = arguments.first else {
    FileHandle.standardError.write(Data("usage: LocalServerBench TROUPE_BINARY [RUNS]\n".utf8))
    exit(2)
}
let runs = arguments.dropFirst().first.flatMap(Int.init) ?? 5
let clock = ContinuousClock()
let question = "What is the capital of France? Answer with one word."

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// A scratch HOME whose data folder is the real one (the installed model and server), so
/// troupe finds the model as on a user's machine but writes nothing of the user's.
func environment(runtime: String) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_DATA_HOME"] = environment["XDG_DATA_HOME"] ?? (NSHomeDirectory() + "/.local/share")
    environment["XDG_RUNTIME_DIR"] = runtime
    environment["XDG_CACHE_HOME"] = runtime + "/cache"
    environment["XDG_CONFIG_HOME"] = runtime + "/config"
    environment["LOG"] = "off"
    for name in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TROUPE_VERBOSE"] { environment[name] = nil }
    return environment
}

/// Runs `troupe send` and returns the seconds from the start of the process to the first
/// byte it writes on standard output.
func timeToFirstByte(environment: [String: String]) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: troupe)
    process.arguments = ["send", "--set", "temperature=0", "--set", "max_tokens=8", question]
    process.environment = environment
    let pipe = Pipe()
    let errors = Pipe()
    process.standardInput = FileHandle.nullDevice  // send reads a non-terminal stdin as input
    process.standardOutput = pipe
    process.standardError = errors
    let start = clock.now
    try process.run()
    let first = pipe.fileHandleForReading.readData(ofLength: 1)
    let elapsed = clock.now - start
    _ = pipe.fileHandleForReading.readDataToEndOfFile()
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard !first.isEmpty, process.terminationStatus == 0 else {
        throw BenchError.failed("troupe send exited with \(process.terminationStatus): \(said)")
    }
    return elapsed.secondsValue
}

enum BenchError: Error { case failed(String) }

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

let runtime = NSTemporaryDirectory() + "troupe-local-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: runtime) }
let env = environment(runtime: runtime)

// Cold: no server running; each run starts (and stops) its own.
var cold: [Double] = []
for _ in 0..<runs { cold.append(try timeToFirstByte(environment: env)) }

// Warm: a kept-warm server (serve-local writes the state file other processes use).
let serve = Process()
serve.executableURL = URL(fileURLWithPath: troupe)
serve.arguments = ["serve-local"]
serve.environment = env
serve.standardOutput = FileHandle.nullDevice
serve.standardError = FileHandle.nullDevice
try serve.run()
defer { serve.terminate(); serve.waitUntilExit() }
let stateFile = runtime + "/troupe/local-server.json"
for _ in 0..<600 where !FileManager.default.fileExists(atPath: stateFile) { usleep(100_000) }
_ = try? timeToFirstByte(environment: env)  // the first request warms the server's caches
var warm: [Double] = []
for _ in 0..<runs { warm.append(try timeToFirstByte(environment: env)) }

// Decode speed: the same request through troupe (streamed) and straight to the server.
var config = TroupeConfig()
try config.set(.apiType, to: "local", source: .flag)
let paths = TroupePaths(environment: env)
let local = LocalClient(config: config, paths: paths, workingDirectory: runtime)
let service = LLMService(config: config, registry: ClientRegistry(factories: ["local": { _ in local }]), paths: paths)
let parameters = ChatParameters(model: "local", [.temperature: 0, .maxTokens: 96, .seed: 1])
let story: [ChatMessage] = [.user("Write a short story about a lighthouse keeper.")]
var throughTroupe: [Double] = []
var serverOwn: [Double] = []
for _ in 0..<runs {
    let first = Mutex<ContinuousClock.Instant?>(nil)
    let last = Mutex<ContinuousClock.Instant?>(nil)
    let completion = try await service.stream(story, parameters: parameters) { event in
        guard case .delta = event else { return }
        let now = clock.now
        first.withLock { if $0 == nil { $0 = now } }
        last.withLock { $0 = now }
    }
    if let first = first.withLock({ $0 }), let last = last.withLock({ $0 }), let usage = completion.usage, usage.completionTokens > 1 {
        throughTroupe.append(Double(usage.completionTokens - 1) / (last - first).secondsValue)
    }
    // The server's own figure for the same request (not streamed, so nothing waits on a reader).
    let endpoint = try await local.server.endpoint()
    let body: [String: Any] = ["model": local.modelName, "messages": [["role": "user", "content": story[0].content]],
                               "temperature": 0, "max_tokens": 96, "seed": 1]
    let response = try await TransportLocalServerHTTP().post(
        endpoint.openAIBaseURL + "/chat/completions", headers: [("Authorization", "Bearer \(endpoint.apiKey)")],
        body: Array(try JSONSerialization.data(withJSONObject: body)), timeout: .seconds(120))
    let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    if let timings = json?["timings"] as? [String: Any], let speed = timings["predicted_per_second"] as? Double {
        serverOwn.append(speed)
    }
}
await LocalServers.shutdown()
await AsyncHTTPTransport.shared.shutdown()

print("runs=\(runs)")
print(String(format: "cold_first_byte_seconds=%.3f", median(cold)))
print(String(format: "warm_first_byte_seconds=%.3f", median(warm)))
print(String(format: "decode_through_troupe_tokens_per_second=%.2f", median(throughTroupe)))
print(String(format: "decode_server_timings_tokens_per_second=%.2f", median(serverOwn)))
print(String(format: "decode_ratio=%.3f", median(serverOwn) > 0 ? median(throughTroupe) / median(serverOwn) : 0))
