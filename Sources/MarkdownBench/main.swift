#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TroupeShell

// Renders a generated 1 MB Markdown reply fed in 50-byte pieces, five times, and prints the
// median time per MB. Run in release: `swift run -c release MarkdownBench`.

/// A deterministic mixed reply: headings, long wrapping paragraphs with inline styles, nested
/// lists, quotes, tables and code in several languages.
func generateReply(bytes target: Int, dense: Bool) -> String {
    var state: UInt64 = 0x2545F4914F6CDD1D
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    let words = ["the", "renderer", "streams", "tokens", "quickly", "into", "styled", "terminal", "text",
                 "while", "a", "model", "answers", "questions", "about", "Swift", "concurrency", "and",
                 "actors", "with", "sendable", "values", "größe", "naïve", "日本語", "emoji🚀", "data"]
    func sentence(_ count: Int) -> String {
        var parts: [String] = []
        for _ in 0..<count {
            let word = words[next(words.count)]
            // Typical replies: about one word in six styled (0 bold, 1 italic, 2 code, 3 link,
            // 4 strikethrough); `--dense`: five words in twelve.
            let roll = next(dense ? 12 : 80)
            let kind: Int
            if dense {
                kind = roll < 5 ? roll : -1
            } else {
                switch roll {
                case 0..<4: kind = 0
                case 4..<8: kind = 1
                case 8..<12: kind = 2
                case 12..<14: kind = 3
                case 14: kind = 4
                default: kind = -1
                }
            }
            switch kind {
            case 0: parts.append("**\(word)**")
            case 1: parts.append("*\(word)*")
            case 2: parts.append("`\(word)()`")
            case 3: parts.append("[\(word)](https://example.com/\(word))")
            case 4: parts.append("~~\(word)~~")
            default: parts.append(word)
            }
        }
        return parts.joined(separator: " ") + "."
    }
    let swiftCode = """
        ```swift
        /// A counter shared between tasks.
        actor Counter {
            private var value = 0
            func increment(by step: Int = 1) async -> Int {
                value += step // add the step
                return value
            }
        }
        let text = "count: \\(42)"
        ```

        """
    let pythonCode = """
        ```python
        def fib(n: int) -> int:
            \"\"\"Return the n-th Fibonacci number.\"\"\"
            a, b = 0, 1
            for _ in range(n):
                a, b = b, a + b  # step
            return a
        ```

        """
    let jsonCode = """
        ```json
        {"name": "troupe", "version": 3, "tags": ["cli", "llm"], "ok": true, "ratio": 0.75}
        ```

        """
    let table = """
        | Model | Tokens | Latency | Notes |
        |:------|-------:|:-------:|-------|
        | gpt-4o | 1200 | 0.8 s | **fast** |
        | o3-mini | 950 | 1.4 s | `reasoning` |
        | local | 400 | 0.2 s | *on device* |

        """
    var reply = ""
    while reply.utf8.count < target {
        switch next(8) {
        case 0: reply += "## " + sentence(4) + "\n\n"
        case 1, 2: reply += sentence(40 + next(60)) + " " + sentence(20) + "\n\n"
        case 3:
            reply += "- " + sentence(12) + "\n  - " + sentence(25) + "\n  - " + sentence(6) + "\n1. " + sentence(15) + "\n\n"
        case 4: reply += "> " + sentence(30) + "\n> > " + sentence(10) + "\n\n"
        case 5: reply += [swiftCode, pythonCode, jsonCode][next(3)]
        case 6: reply += table
        default: reply += sentence(8) + "\n---\n\n"
        }
    }
    return reply
}

/// CPU time used by the calling thread, in seconds (not inflated when other processes share
/// the cores, unlike wall-clock time).
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Cuts text into pieces of about `size` bytes, at character boundaries.
func pieces(of text: String, size: Int) -> [String] {
    var result: [String] = []
    var current = ""
    var count = 0
    for character in text {
        current.append(character)
        count += character.utf8.count
        if count >= size {
            result.append(current)
            current = ""
            count = 0
        }
    }
    if !current.isEmpty { result.append(current) }
    return result
}

// `MarkdownBench --render [--tags] [--width N] [--pieces N]` renders standard input instead,
// to look at the output by hand.
let arguments = CommandLine.arguments
if arguments.contains("--render") {
    var text = ""
    while let line = readLine(strippingNewline: false) { text += line }
    let width = arguments.firstIndex(of: "--width").flatMap { Int(arguments[$0 + 1]) } ?? 80
    let size = arguments.firstIndex(of: "--pieces").flatMap { Int(arguments[$0 + 1]) } ?? 50
    var renderer = MarkdownRenderer(width: width, style: arguments.contains("--tags") ? .tags : .terminal)
    for chunk in pieces(of: text, size: size) { print(renderer.feed(chunk), terminator: "") }
    print(renderer.finish(), terminator: "")
} else {
    benchmark()
}

func benchmark() {
let dense = arguments.contains("--dense")
let reply = generateReply(bytes: 1 << 20, dense: dense)
let chunks = pieces(of: reply, size: 50)
let megabytes = Double(reply.utf8.count) / Double(1 << 20)
var times: [Double] = []
var cpuTimes: [Double] = []
var outputBytes = 0
let runs = arguments.firstIndex(of: "--runs").flatMap { Int(arguments[$0 + 1]) } ?? 5
for _ in 0..<runs {
    let clock = ContinuousClock()
    let cpuStart = threadCPUSeconds()
    var renderer = MarkdownRenderer(width: 80, style: .terminal)
    var produced = 0
    let elapsed = clock.measure {
        for chunk in chunks { produced += renderer.feed(chunk).utf8.count }
        produced += renderer.finish().utf8.count
    }
    outputBytes = produced
    cpuTimes.append((threadCPUSeconds() - cpuStart) * 1000 / megabytes)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    times.append(seconds * 1000 / megabytes)
}
let sorted = times.sorted()
let middle = sorted.count / 2
/// One decimal place without Foundation (or libm).
func format(_ value: Double) -> String {
    let tenths = Int(value * 10 + 0.5)
    return "\(tenths / 10).\(tenths % 10)"
}
print("MarkdownBench: \(reply.utf8.count) bytes of Markdown\(dense ? " (dense styling)" : "") in \(chunks.count) pieces of ~50 bytes, width 80")
print("output: \(outputBytes) bytes")
print("runs (ms/MB): " + times.map(format).joined(separator: ", "))
print("median: \(format(sorted[middle])) ms per MB (wall clock)")
print("CPU time of this thread (ms/MB): " + cpuTimes.map(format).joined(separator: ", ")
      + "; median \(format(cpuTimes.sorted()[middle]))")
}
