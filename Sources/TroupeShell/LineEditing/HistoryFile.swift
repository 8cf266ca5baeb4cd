import Foundation
import TroupeCore

/// Where the shell keeps the lines typed at its prompt: `~/.local/share/troupe/history`
/// (`$XDG_DATA_HOME/troupe/history` when that is set), readable by the owner only.
public enum HistoryFile {
    /// The history file's path for this environment.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        TroupePaths(environment: environment).historyFile
    }

    /// Creates the file's directory (mode 0700) and the file itself (mode 0600) when missing,
    /// so that the file is never readable by others, not even for a moment.
    static func prepareDirectory(for path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        }
        restrictPermissions(of: path)
    }

    /// Moves an unreadable history file to `history.unreadable-<date>` beside it, so the next
    /// save does not overwrite it.
    /// - Returns: what to tell the user.
    static func moveAside(_ path: String) -> String {
        let stamp = Session.formatDate(Date()).prefix(19).filter { $0.isNumber }
        let aside = "\(path).unreadable-\(stamp)"
        do {
            try FileManager.default.moveItem(atPath: path, toPath: aside)
            return "The history file \(path) could not be read; it was kept as \(aside) and a new history started."
        } catch {
            return "The history file \(path) could not be read (\(error.localizedDescription)); history is not saved this time."
        }
    }

    /// Makes the file readable and writable by its owner only (it holds what was typed).
    static func restrictPermissions(of path: String) {
        chmod(path, 0o600)
    }
}
