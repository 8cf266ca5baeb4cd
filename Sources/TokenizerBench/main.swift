// Tokenizer throughput benchmark, single thread (run in release: Scripts/bench-tokenizer.sh).
//
//   TokenizerBench [CORPUS] [--runs N] [--cpu]  MB/s of count() over 4096-character pieces and the
//                                           whole file, per encoding, plus first-use load times
//   TokenizerBench --jsonl ENCODING         ids (JSON arrays) for JSON lines on stdin; used by
//                                           Scripts/check-tokenizer.py to compare with tiktoken
import Foundation
import TroupeTokenizer
import TroupeTokenLines

let arguments = Array(CommandLine.arguments.dropFirst())

if let flag = arguments.firstIndex(of: "--jsonl") {
    let encoding = try Encoding.named(arguments[flag + 1])
    let lines = TokenLines(encoding: encoding, ids: true)
    let input = Array(FileHandle.standardInput.readDataToEndOfFile())
    let output = try lines.process(data: input)
    FileHandle.standardOutput.write(Data((output.joined(separator: "\n") + "\n").utf8))
    exit(0)
}

/// CPU time of this process so far, in milliseconds (wall time suffers when the machine is busy).
func cpuMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

// First use in a fresh process: time the first count, which loads the vocabulary.
for encoding in Encoding.all {
    let start = ContinuousClock.now, cpuStart = cpuMilliseconds()
    let n = encoding.count("hello world")
    let elapsed = ContinuousClock.now - start, cpu = cpuMilliseconds() - cpuStart
    print("swift \(encoding.name) first count (\(n) tokens) incl. loading: \(milliseconds(elapsed)) ms wall, "
        + String(format: "%.2f ms CPU", cpu))
}

// --cpu: time runs by process CPU time instead of wall time (steadier on a busy machine).
let useCPUTime = arguments.contains("--cpu")
var runs = 5
if let flag = arguments.firstIndex(of: "--runs") { runs = Int(arguments[flag + 1]) ?? runs }
/// `<repo>/../shared` (or one level further up, for a git worktree under `<repo>/../wt/`).
func sharedFile(_ relative: String) -> String {
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    for _ in 0..<2 {
        directory = directory.deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("shared").appendingPathComponent(relative).path
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
    }
    return "../shared/" + relative
}
let path = arguments.first(where: { !$0.hasPrefix("--") && Int($0) == nil }) ?? sharedFile("tokenizer/bench-corpus.txt")
let text = try String(contentsOfFile: path, encoding: .utf8)
let size = text.utf8.count
// Pieces of 4096 Unicode scalars, as tiktoken-bench.py slices its Python string.
var pieces: [String] = []
var scalars = text.unicodeScalars[...]
while !scalars.isEmpty {
    let end = scalars.index(scalars.startIndex, offsetBy: 4096, limitedBy: scalars.endIndex) ?? scalars.endIndex
    pieces.append(String(scalars[scalars.startIndex..<end]))
    scalars = scalars[end...]
}

func milliseconds(_ duration: Duration) -> String {
    String(format: "%.2f", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

for encoding in Encoding.all {
    for (mode, work) in [
        ("whole", { encoding.count(text) }),
        ("chunks", { pieces.reduce(0) { $0 + encoding.count($1) } }),
    ] as [(String, () -> Int)] {
        var best = Double.infinity, tokens = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now, cpuStart = cpuMilliseconds()
            tokens = work()
            let elapsed = useCPUTime ? (cpuMilliseconds() - cpuStart) / 1000 : seconds(ContinuousClock.now - start)
            best = min(best, elapsed)
        }
        print(String(format: "swift %@ %@: %d bytes, %d tokens, %.3f s, %.2f MB/s",
                     encoding.name, mode, size, tokens, best, Double(size) / best / 1e6))
    }
}
