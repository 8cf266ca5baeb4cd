/// The JSON bodies the test server writes, built by hand so their bytes are stable and cheap.
enum TestJSON {
    /// `s` as a JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func optional(_ s: String?) -> String { s.map(quote) ?? "null" }

    static func event(_ json: String) -> String { "data: " + json + "\n\n" }

    static func eventBytes(_ json: String) -> [UInt8] { Array(event(json).utf8) }

    static func usage(_ usage: TestUsage) -> String {
        let total = usage.promptTokens + usage.completionTokens
        var details = ""
        if let cached = usage.cachedTokens { details += #","prompt_tokens_details":{"cached_tokens":\#(cached),"audio_tokens":0}"# }
        if let reasoning = usage.reasoningTokens {
            details += #","completion_tokens_details":{"reasoning_tokens":\#(reasoning),"audio_tokens":0}"#
        }
        return #"{"prompt_tokens":\#(usage.promptTokens),"completion_tokens":\#(usage.completionTokens),"total_tokens":\#(total)\#(details)}"#
    }

    static func completion(content: String, model: String, finishReason: String, usage: TestUsage?) -> String {
        #"{"id":"chatcmpl-test","object":"chat.completion","created":0,"model":\#(quote(model)),"choices":[{"index":0,"message":{"role":"assistant","content":\#(quote(content))},"logprobs":null,"finish_reason":\#(quote(finishReason))}],"usage":\#(usage.map(Self.usage) ?? "null")}"#
    }

    static func chunk(content: String, model: String) -> String {
        #"{"id":"chatcmpl-test","object":"chat.completion.chunk","created":0,"model":\#(quote(model)),"choices":[{"index":0,"delta":{"content":\#(quote(content))},"logprobs":null,"finish_reason":null}]}"#
    }

    static func finishChunk(_ reason: String, model: String) -> String {
        #"{"id":"chatcmpl-test","object":"chat.completion.chunk","created":0,"model":\#(quote(model)),"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":\#(quote(reason))}]}"#
    }

    static func usageChunk(_ usage: TestUsage, model: String) -> String {
        #"{"id":"chatcmpl-test","object":"chat.completion.chunk","created":0,"model":\#(quote(model)),"choices":[],"usage":\#(Self.usage(usage))}"#
    }

    static let azureFilterChunk =
        #"{"id":"","object":"","created":0,"model":"","choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}"#

    static func error(message: String, type: String?, param: String?, code: String?) -> String {
        #"{"error":{"message":\#(quote(message)),"type":\#(optional(type)),"param":\#(optional(param)),"code":\#(optional(code))}}"#
    }

    static func embedding(_ vector: [Double], model: String) -> String {
        let numbers = vector.map { String($0) }.joined(separator: ",")
        return #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[\#(numbers)]}],"model":\#(quote(model)),"usage":{"prompt_tokens":1,"total_tokens":1}}"#
    }
}
