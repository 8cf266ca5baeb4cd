import Crypto
import Foundation

/// The key of a cached answer: the SHA-256 (hex) of a canonical JSON of everything that changes
/// the answer — API type, model, messages and sampling parameters.
///
/// Never part of it: keys, tokens, endpoints, the timeout, and `dedent` (messages are keyed
/// as sent, after dedenting).
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// 64 lower-case hex digits.
    public let hex: String

    /// - Parameter apiType: the client's API type (`openai`, `azure`, ...).
    /// - Parameter messages: the messages as they will be sent.
    /// - Parameter parameters: the request's parameters.
    public init(apiType: String, messages: [ChatMessage], parameters: ChatParameters) {
        let request = CanonicalRequest(
            apiType: apiType,
            model: parameters.model,
            messages: messages,
            temperature: parameters.temperature,
            maxTokens: parameters.maxTokens,
            maxCompletionTokens: parameters.maxCompletionTokens,
            topP: parameters.topP,
            frequencyPenalty: parameters.frequencyPenalty,
            presencePenalty: parameters.presencePenalty,
            stop: parameters.stop,
            n: parameters.n,
            seed: parameters.seed,
            responseFormat: parameters.responseFormat,
            reasoningEffort: parameters.reasoningEffort
        )
        self.hex = Self.digest(of: Self.canonicalJSON(request))
    }

    /// A key from its hex text (tests and tools that read the file directly).
    init(hex: String) {
        self.hex = hex
    }

    public var description: String { hex }

    /// Sorted keys, no whitespace, `nil` fields left out: one text per request.
    static func canonicalJSON(_ request: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and enums cannot fail.
        return (try? encoder.encode(request)) ?? Data()
    }

    static func digest(of data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// What a cache key is computed from (a version field lets a later format change every key).
private struct CanonicalRequest: Encodable {
    var version = 1
    var apiType: String
    var model: String
    var messages: [ChatMessage]
    var temperature: Double?
    var maxTokens: Int?
    var maxCompletionTokens: Int?
    var topP: Double?
    var frequencyPenalty: Double?
    var presencePenalty: Double?
    var stop: [String]?
    var n: Int?
    var seed: Int?
    var responseFormat: ResponseFormat?
    var reasoningEffort: String?
}
