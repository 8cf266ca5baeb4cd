import Foundation

/// The terminal type libedit is told to use when `TERM` names one this machine has no
/// terminfo entry for.
///
/// libedit then says "No entry for terminal type" and edits as a `dumb` terminal, which cannot
/// move the cursor up: editing a line that wraps writes the rows again below each other. That
/// happens with tmux's `tmux-256color` on a system whose terminfo predates it (macOS ships
/// none); the closest type that exists is used instead, as the terminal understands it too.
enum TerminalType {
    /// Where ncurses looks for terminfo entries, in its order.
    static func searchDirectories(environment: [String: String]) -> [String] {
        var directories: [String] = []
        if let own = environment["TERMINFO"], !own.isEmpty { directories.append(own) }
        if let home = environment["HOME"], !home.isEmpty { directories.append(home + "/.terminfo") }
        let defaults = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo",
                        "/usr/local/share/terminfo", "/opt/homebrew/share/terminfo"]
        if let list = environment["TERMINFO_DIRS"], !list.isEmpty {
            // An empty element stands for the defaults.
            for item in list.split(separator: ":", omittingEmptySubsequences: false) {
                directories += item.isEmpty ? defaults : [String(item)]
            }
        } else {
            directories += defaults
        }
        return directories
    }

    /// Whether a terminfo entry for `name` is in `directories` (`x/xterm`, or the
    /// hexadecimal `78/xterm` that macOS uses).
    static func entryExists(_ name: String, in directories: [String]) -> Bool {
        guard let first = name.utf8.first else { return false }
        let letters = [String(UnicodeScalar(first)), String(first, radix: 16)]
        return directories.contains { directory in
            letters.contains { FileManager.default.fileExists(atPath: "\(directory)/\($0)/\(name)") }
        }
    }

    /// The type to use instead of `term`, or nil when `term` is fine (it has an entry, or it is
    /// unset, `dumb` or `emacs`, which libedit handles itself) or nothing closer exists.
    static func replacement(for term: String?, exists: (String) -> Bool) -> String? {
        guard let term, !term.isEmpty, !["dumb", "emacs"].contains(term), !exists(term) else { return nil }
        let colours = term.contains("256") ? ["-256color", ""] : ["", "-256color"]
        let families = term.hasPrefix("tmux") || term.hasPrefix("screen") ? ["tmux", "screen", "xterm"] : ["xterm"]
        for family in families {
            for suffix in colours where exists(family + suffix) {
                return family + suffix
            }
        }
        return exists("vt100") ? "vt100" : nil
    }

    /// ``replacement(for:exists:)`` for this process.
    static func replacement(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let directories = searchDirectories(environment: environment)
        return replacement(for: environment["TERM"]) { entryExists($0, in: directories) }
    }
}
