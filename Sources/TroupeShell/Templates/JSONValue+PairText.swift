import Foundation
import TroupeCore

extension JSONValue {
    /// The value as a `/var` pair takes it: compact JSON (`"Ana"`, `34`, `["a","b"]`).
    var pairText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
