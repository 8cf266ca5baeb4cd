/// Which special tokens (`<|endoftext|>`...) `Encoding.encode(_:allowedSpecial:)` recognises.
/// Text of a special token that is not allowed is encoded as ordinary text.
public enum AllowedSpecial: Sendable, Hashable {
    /// None: everything is ordinary text (tiktoken's `encode_ordinary`).
    case none
    /// Every special token of the encoding.
    case all
    /// Only these (unknown names are ignored).
    case only(Set<String>)
}
