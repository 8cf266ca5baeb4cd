import Foundation

extension Attachment {
    /// The output of `/bin/sh -c command` run in `directory`, named `$ command`; what it
    /// writes to standard error is attached after its standard output, and a non-zero
    /// exit status is noted on the last line.
    /// - Throws: ``AttachmentError/commandFailed(command:reason:)`` when it cannot start, or
    ///   ``AttachmentError/binary(path:reason:)`` for output that is not text.
    public static func commandOutput(_ command: String, in directory: String) throws(AttachmentError) -> Attachment {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .commandFailed(command: command, reason: (error as NSError).localizedDescription)
        }
        // Read to the end before waiting, so a large output cannot fill the pipe and stall it.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var attachment = try text(Array(data.prefix(maximumBytes)), name: "$ " + command)
        if process.terminationStatus != 0 {
            if !attachment.text.isEmpty, !attachment.text.hasSuffix("\n") { attachment.text += "\n" }
            attachment.text += "[exit status \(process.terminationStatus)]"
        }
        return attachment
    }
}
