import Dispatch
@testable import TroupeShell

/// Runs CPU-heavy test work on a dispatch queue, off Swift's cooperative pool (two threads on
/// this machine): the tests beside it wait on timers and sockets, and a pool kept busy for
/// seconds would make their waits late.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .utility).async { continuation.resume(returning: work()) }
    }
}

/// Renders `text` fed as the given pieces, with the test style (tags) unless told otherwise.
func render(_ pieces: [String], width: Int = 60, style: MarkdownStyle = .tags) -> String {
    var renderer = MarkdownRenderer(width: width, style: style)
    var output = ""
    for piece in pieces { output += renderer.feed(piece) }
    output += renderer.finish()
    return output
}

/// Renders `text` fed whole.
func render(_ text: String, width: Int = 60, style: MarkdownStyle = .tags) -> String {
    render([text], width: width, style: style)
}
