import TroupeCore

/// Unbuffered writes to standard output and standard error, so streamed text shows at once;
/// a reader that went away ends troupe quietly (see ``StandardStream``).
enum StandardOutput {
    static func write(_ text: String) {
        StandardStream.output.write(text)
    }

    static func writeError(_ text: String) {
        StandardStream.error.write(text)
    }
}
