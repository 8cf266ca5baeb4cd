import Foundation

/// A setting to change, by name (INI name or alias) and value as written: one `k=v`.
public struct SettingChange: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Reads `NAME=VALUE` (spaces around the name are dropped); nil without `=` or a name.
    public init?(assignment text: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        self.init(name: name, value: String(text[text.index(after: equals)...]))
    }
}
