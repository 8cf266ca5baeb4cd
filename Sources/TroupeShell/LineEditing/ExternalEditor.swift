import Foundation

/// The user's own editor on a piece of text: `$VISUAL`, else `$EDITOR`, else `vi`, run with
/// `/bin/sh -c` so that the setting may carry arguments (`code --wait`, `sed -i s/a/b/`); the
/// file's path is added as one more, quoted, argument.
///
/// While it runs, the terminal is in cooked mode with bracketed paste off (see
/// ``TerminalControl/withChildTerminal(_:)``); both come back afterwards.
public struct ExternalEditor: Sendable {
    /// Where `VISUAL` and `EDITOR` are read, and the editor's environment.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The editor setting in force: the first of `VISUAL`, `EDITOR` that is not blank, else `vi`.
    public var command: String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                return value
            }
        }
        return "vi"
    }

    /// The line `/bin/sh -c` runs for a file at `path`.
    public func commandLine(path: String) -> String {
        command + " " + Self.shellQuoted(path)
    }

    /// Writes `text` to a new temporary file, runs the editor on it, and returns what was saved,
    /// without the line breaks at its end. Blocks until the editor exits.
    /// - Throws: ``ExternalEditorError``.
    public func edit(_ text: String) throws(ExternalEditorError) -> String {
        let directory = NSTemporaryDirectory()
        var template = Array((directory + (directory.hasSuffix("/") ? "" : "/") + "troupe-message-XXXXXX.md").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemps(base, 3)  // 3: the `.md` suffix, for the editor's syntax colours
        }
        guard descriptor >= 0 else { throw .cannotCreateFile(directory: directory, reason: String(cString: strerror(errno))) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let contents = text.isEmpty ? "" : text + "\n"
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(contents.utf8))
            try handle.close()
        } catch {
            throw .cannotCreateFile(directory: directory, reason: "\(error)")
        }

        let command = commandLine(path: path)
        let outcome = TerminalControl.shared.withChildTerminal {
            ChildProcess.run(["/bin/sh", "-c", command], environment: environment)
        }
        switch outcome {
        case .failure(let error):
            throw .cannotStart(command: self.command, reason: error.reason)
        case .success(.signalled(let signal)):
            throw .failed(command: self.command, status: 128 + signal)
        case .success(.exited(let status)) where status != 0:
            throw .failed(command: self.command, status: status)
        case .success:
            break
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .cannotRead(path: path) }
        var saved = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        while saved.hasSuffix("\n") {
            saved.removeLast()
        }
        return saved
    }

    /// ``edit(_:)`` on a thread of its own, so that no task waits on the editor in a
    /// cooperative thread.
    public func editInBackground(_ text: String) async throws(ExternalEditorError) -> String {
        let result: Result<String, ExternalEditorError> = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { () throws(ExternalEditorError) -> String in try edit(text) })
            }.start()
        }
        return try result.get()
    }

    /// `text` in single quotes for `/bin/sh`.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Why the editor gave nothing back.
public enum ExternalEditorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The temporary file could not be written.
    case cannotCreateFile(directory: String, reason: String)
    /// `/bin/sh` could not be started.
    case cannotStart(command: String, reason: String)
    /// The editor exited with a status other than 0 (128 + N when killed by signal N).
    case failed(command: String, status: Int32)
    /// The file was gone when the editor ended.
    case cannotRead(path: String)

    public var description: String {
        switch self {
        case .cannotCreateFile(let directory, let reason):
            "cannot write a temporary file in \(directory): \(reason)"
        case .cannotStart(let command, let reason):
            "cannot start the editor (\(command)): \(reason)"
        case .failed(let command, let status):
            "the editor (\(command)) exited with status \(status); nothing was sent"
                + (status == 127 ? " (is it installed? VISUAL or EDITOR names the editor)" : "")
        case .cannotRead(let path):
            "the edited file \(path) is gone; nothing was sent"
        }
    }
}
