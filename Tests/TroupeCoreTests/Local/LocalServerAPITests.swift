import Foundation
import Testing
@testable import TroupeCore

@Suite("Server info endpoints (scripted)")
struct LocalServerAPITests {
    let endpoint = LocalEndpoint(port: 4321, apiKey: "s3cr3t-key", pid: 1, modelPath: "/m/q.gguf")

    @Test func contextSizeFromEitherPlace() async throws {
        let nested = ScriptedLocalServerHTTP { _ in
            LocalHTTPResponse(status: 200, body: Array(#"{"default_generation_settings":{"n_ctx":2048,"params":{}},"total_slots":1,"model_path":"/m/q.gguf"}"#.utf8))
        }
        #expect(try await LocalServerAPI(endpoint: endpoint, http: nested).props().contextSize == 2048)
        let top = ScriptedLocalServerHTTP { _ in LocalHTTPResponse(status: 200, body: Array(#"{"n_ctx":8192}"#.utf8)) }
        let props = try await LocalServerAPI(endpoint: endpoint, http: top).props()
        #expect(props == LocalServerProps(contextSize: 8192, totalSlots: 1, modelPath: "/m/q.gguf", chatTemplate: nil))
        #expect(nested.requests.first?.headers == ["Authorization: Bearer s3cr3t-key"])
    }

    @Test func countsTokensOfTheRenderedTemplate() async throws {
        let http = ScriptedLocalServerHTTP { request in
            if request.url.hasSuffix("/apply-template") {
                return LocalHTTPResponse(status: 200, body: Array(#"{"prompt":"<|im_start|>user\nhi<|im_end|>\n"}"#.utf8))
            }
            return LocalHTTPResponse(status: 200, body: Array(#"{"tokens":[151644,872,198,6023,151645,198]}"#.utf8))
        }
        #expect(try await LocalServerAPI(endpoint: endpoint, http: http).promptTokenCount(of: [.user("hi")]) == 6)
        #expect(http.requests[0].body == #"{"messages":[{"content":"hi","role":"user"}]}"# || http.requests[0].body == #"{"messages":[{"role":"user","content":"hi"}]}"#)
        let tokenize = try #require(http.requests.last)
        #expect(tokenize.body.contains(#""add_special":true"#) && tokenize.body.contains(#""parse_special":true"#))
    }

    @Test func errorsCarryTheServersMessage() async throws {
        let http = ScriptedLocalServerHTTP { _ in
            LocalHTTPResponse(status: 401, body: Array(#"{"error":{"message":"Invalid API Key","type":"authentication_error","code":401}}"#.utf8))
        }
        await #expect(throws: LocalServerError.badResponse(path: "/slots", status: 401, message: "Invalid API Key")) {
            _ = try await LocalServerAPI(endpoint: endpoint, http: http).slots()
        }
    }

    @Test func endpointNeverPrintsItsKey() {
        #expect(!endpoint.description.contains("s3cr3t"))
        #expect(!"\(endpoint)".contains("s3cr3t"))
        #expect(endpoint.openAIBaseURL == "http://127.0.0.1:4321/v1")
    }
}
