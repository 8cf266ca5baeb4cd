import Foundation

/// A problem choosing a client.
public enum ClientRegistryError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// No client is registered for the API type.
    case unknownAPIType(String, known: [String])

    public var description: String {
        switch self {
        case .unknownAPIType(let type, let known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "no client is registered for API type \"\(type)\" (known: \(list))"
        }
    }

    public var errorDescription: String? { description }
}
