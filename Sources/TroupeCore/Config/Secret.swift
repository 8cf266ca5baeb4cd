/// A credential (API key or token). Printing, dumping or interpolating it shows `<redacted>`;
/// only ``value`` gives the text, so leaking it takes a deliberate act.
///
/// Deliberately not `Codable`, so it cannot end up in a session file or a cache key by accident.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret text, for the one place that sends it (an HTTP header).
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "Secret(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
