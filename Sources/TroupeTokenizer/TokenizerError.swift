import Foundation

/// What can go wrong when loading a vocabulary or decoding ids.
public enum TokenizerError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
    /// The compact vocabulary file for an encoding is missing or damaged in the package resources.
    case vocabularyUnavailable(encoding: String, reason: String)
    /// An encoding name that is neither `cl100k_base` nor `o200k_base`.
    case unknownEncoding(String)
    /// A token id that the encoding does not define (neither a rank nor a special token).
    case unknownTokenID(Int, encoding: String)

    public var description: String {
        switch self {
        case .vocabularyUnavailable(let encoding, let reason):
            return "cannot load the \(encoding) vocabulary: \(reason). Rebuild the package "
                + "(Scripts/generate-vocab-binary.py regenerates the .bpe resources)."
        case .unknownEncoding(let name):
            return "unknown encoding '\(name)': use cl100k_base or o200k_base."
        case .unknownTokenID(let id, let encoding):
            return "token id \(id) does not exist in \(encoding)."
        }
    }

    public var errorDescription: String? { description }
}
