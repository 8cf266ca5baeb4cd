import Foundation
import Logging
import TroupeCore

/// The log records troupe prints on standard error: warnings and worse, and with `--verbose`
/// (or `TROUPE_VERBOSE=1`) every debug record — what is sent, received and retried. The core
/// never logs a credential (header values are redacted, server text is scrubbed).
struct VerboseLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let extra = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let prefix = event.level >= .warning ? "troupe: \(event.level): " : "troupe: "
        StandardStream.error.write(prefix + "\(event.message)\(extra)\n")
    }

    /// Whether the user asked for verbose output.
    static func isVerbose(arguments: [String], environment: [String: String]) -> Bool {
        if arguments.contains("--verbose") { return true }
        if let value = environment["TROUPE_VERBOSE"], let flag = INIDocument.boolean(value) { return flag }
        return false
    }

    /// Installs the handler for the process.
    static func bootstrap(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            VerboseLogHandler(logLevel: verbose ? .debug : .warning, label: label)
        }
    }
}
