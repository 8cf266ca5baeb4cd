import Crypto
import Foundation

/// The key of a cached request: the SHA-256 (hex) of the request body actually sent (without
/// `stream`, `stream_options`, the timeout or any credential), the API type and the endpoint's
/// host. The cache keeps several answers per key, told apart by their sample index (see
/// ``CacheSample``).
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// 64 lower-case hex digits.
    public let hex: String

    /// - Parameters:
    ///   - apiType: the client's API type (`openai`, `azure`, ...).
    ///   - endpoint: the client's ``LLMClient/endpointIdentity`` (a host, never a key).
    ///   - request: the request as it will be sent.
    public init(apiType: String, endpoint: String, request: ChatRequest) throws {
        var hasher = SHA256()
        hasher.update(data: Data("troupe-cache-2\n\(apiType)\n\(endpoint)\n".utf8))
        hasher.update(data: try request.body(stream: false))
        hex = Self.hex(hasher.finalize())
    }

    /// A key from its hex text (tests and tools that read the file directly).
    init(hex: String) {
        self.hex = hex
    }

    public var description: String { hex }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
