// ClientBench: measures troupe's client against an OpenAI-compatible server (normally
// troupe-test-server, started by Scripts/bench-client.sh): sequential non-streaming requests
// per second and streamed chunks per second. Prints `key=value` lines.
import Foundation
import Synchronization
import TroupeCore

let usage = "usage: ClientBench --base-url URL [--requests N] [--streams N] [--warmup N]"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n" + usage + "\n").utf8))
    exit(2)
}

var baseURL: String?
var requests = 1000
var streams = 100
var warmup = 20
func count(_ value: String) -> Int {
    guard let n = Int(value), n >= 0 else { fail("bad count: \(value)") }
    return n
}

var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("missing value for \(flag)") }
    switch flag {
    case "--base-url": baseURL = value
    case "--requests": requests = count(value)
    case "--streams": streams = count(value)
    case "--warmup": warmup = count(value)
    default: fail("unknown option \(flag)")
    }
}
guard let baseURL else { fail("--base-url is required") }

// The whole path troupe's commands take: the service (cache off, concurrency bound), the
// request built from the settings, the OpenAI client, the process's one HTTP client.
var config = TroupeConfig()
try config.set(.baseURL, to: baseURL, source: .flag)
try config.set(.maxAttempts, to: "1", source: .flag)
try config.set(.timeout, to: "30", source: .flag)
config.credentials = Credentials(openAIKey: Secret("sk-bench"))
let service = LLMService(config: config)
let messages: [ChatMessage] = [.system("You are a benchmark."), .user("Say something about streaming clients")]
let parameters = ChatParameters(model: "gpt-4o-mini", [.temperature: 0])

/// Counts deltas from any task.
final class Counter: Sendable {
    let value = Mutex(0)
}

func countChunks() async throws -> Int {
    let counter = Counter()
    _ = try await service.stream(messages, parameters: parameters) { event in
        if case .delta = event { counter.value.withLock { $0 += 1 } }
    }
    return counter.value.withLock { $0 }
}

// Warm-up: connection pool, allocator, code paths.
for _ in 0..<warmup {
    _ = try await service.complete(messages, parameters: parameters)
    _ = try await countChunks()
}

let clock = ContinuousClock()
var bytes = 0
let requestTime = try await clock.measure {
    for _ in 0..<requests {
        bytes += try await service.complete(messages, parameters: parameters).content.utf8.count
    }
}
var totalChunks = 0
let streamTime = try await clock.measure {
    for _ in 0..<streams {
        totalChunks += try await countChunks()
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

print("requests=\(requests)")
print("requests_seconds=\(String(format: "%.3f", seconds(requestTime)))")
print("requests_per_second=\(String(format: "%.1f", Double(requests) / seconds(requestTime)))")
print("streams=\(streams)")
print("chunks=\(totalChunks)")
print("stream_seconds=\(String(format: "%.3f", seconds(streamTime)))")
print("chunks_per_second=\(String(format: "%.1f", Double(totalChunks) / seconds(streamTime)))")

await AsyncHTTPTransport.shared.shutdown()
