/// A parsed INI file, read with the rules of Python's `configparser` (which TinyTroupe uses).
///
/// Hand-written rather than taken from a package: no well-kept Swift INI library follows
/// `configparser`'s semantics (case-insensitive keys, `=` and `:` delimiters, full-line `#`/`;`
/// comments, indented continuation lines, a `[DEFAULT]` section, `%` interpolation, strict
/// duplicate checks) or keeps line numbers for error messages.
public struct INIDocument: Sendable, Hashable {
    /// One `key = value` line (plus its continuation lines).
    public struct Entry: Sendable, Hashable {
        /// The key as written in the file.
        public var key: String
        /// The value, stripped, with `%` interpolation applied and continuation lines joined by `\n`.
        public var value: String
        /// The 1-based line of the key.
        public var line: Int
    }

    /// One `[name]` section.
    public struct Section: Sendable, Hashable {
        public var name: String
        /// The 1-based line of the `[name]` header.
        public var line: Int
        /// Entries keyed by lower-cased key (`configparser`'s `optionxform`), in file order.
        public var entries: [Entry]

        /// The entry for `key`, compared case-insensitively.
        public func entry(_ key: String) -> Entry? {
            let wanted = key.lowercased()
            return entries.first { $0.key.lowercased() == wanted }
        }
    }

    /// The file the text came from (used in error messages).
    public var file: String
    /// Sections in file order, without `[DEFAULT]`.
    public var sections: [Section]
    /// The `[DEFAULT]` section's entries: every section falls back to them.
    public var defaults: [Entry]

    /// The section named `name`. Section names are case-sensitive in `configparser`; troupe
    /// also accepts a different case (`[openai]`) because that is never meant as another section.
    public func section(named name: String) -> Section? {
        sections.first { $0.name == name } ?? sections.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Every entry of a section, with `[DEFAULT]` entries the section does not override.
    public func entries(in section: Section) -> [Entry] {
        let own = Set(section.entries.map { $0.key.lowercased() })
        return section.entries + defaults.filter { !own.contains($0.key.lowercased()) }
    }

    /// Reads a value as `configparser.getboolean` does: `1/yes/true/on` and `0/no/false/off`,
    /// in any case; anything else is nil.
    public static func boolean(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "yes", "true", "on": return true
        case "0", "no", "false", "off": return false
        default: return nil
        }
    }
}
