import Foundation
@testable import TroupeCore

/// A home folder for the `troupe` binary on the local model: no key, no BASE_URL, the XDG
/// folders inside it, and a `config.ini` naming the installed model and server by absolute
/// path (so sessions, history and logs stay here while the real model is used).
final class LocalTroupeHome: Sendable {
    let scratch: LocalScratch
    /// The XDG_RUNTIME_DIR troupe looks in for a kept-warm server's state file.
    let runtimeDirectory: String
    /// LOCAL_CONTEXT, when the test sets one.
    let contextSize: Int?

    var path: String { scratch.path }

    /// - Parameters:
    ///   - runtimeDirectory: where a kept-warm server's state file is (nil: a folder of this
    ///     home's own, so troupe starts a server of its own).
    ///   - contextSize: LOCAL_CONTEXT; a value no other test uses tells the server troupe starts
    ///     from others by its command line (``serverMarker``).
    init(runtimeDirectory: String? = nil, contextSize: Int? = nil) throws {
        scratch = try LocalScratch()
        self.runtimeDirectory = runtimeDirectory ?? scratch.path + "/run"
        self.contextSize = contextSize
        try FileManager.default.createDirectory(atPath: self.runtimeDirectory, withIntermediateDirectories: true)
        let lines = ["[OpenAI]", "LOCAL_MODEL=\(RealServer.paths.defaultModel)", "LOCAL_SERVER=\(RealServer.paths.defaultServer)", "CACHE_API_CALLS=False"]
            + (contextSize.map { ["LOCAL_CONTEXT=\($0)"] } ?? [])
        try scratch.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: ".config/troupe/config.ini")
    }

    /// What the command line of a server started with this home's LOCAL_CONTEXT holds
    /// (`/proc/PID/cmdline` separates arguments with NUL bytes).
    var serverMarker: String { "\u{0}-c\u{0}\(contextSize ?? 0)\u{0}" }

    /// The environment for `troupe` (HOME is set by ``TroupeBinary/run(_:in:environment:input:)``).
    var environment: [String: String] {
        [
            "HOME": path, "XDG_RUNTIME_DIR": runtimeDirectory, "XDG_CONFIG_HOME": path + "/.config",
            "XDG_DATA_HOME": path + "/.local/share", "XDG_CACHE_HOME": path + "/.cache",
            "OPENAI_API_KEY": "", "OPENAI_BASE_URL": "", "NO_COLOR": "1", "PATH": "/usr/bin:/bin",
        ]
    }
}
