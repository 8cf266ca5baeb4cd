import Foundation
import Synchronization
@testable import TroupeCore

/// A ``LocalServerHTTP`` double: answers from a closure and records every request's URL.
final class ScriptedLocalServerHTTP: LocalServerHTTP {
    struct Request: Sendable, Hashable {
        var method: String
        var url: String
        var headers: [String]
        var body: String
    }

    private let answer: @Sendable (Request) throws -> LocalHTTPResponse
    private let recorded = Mutex<[Request]>([])

    init(_ answer: @escaping @Sendable (Request) throws -> LocalHTTPResponse) {
        self.answer = answer
    }

    /// A double for which no server is ever reachable (as before a server listens).
    static func refusing() -> ScriptedLocalServerHTTP {
        ScriptedLocalServerHTTP { _ in throw Unreachable() }
    }

    struct Unreachable: Error {}

    var requests: [Request] { recorded.withLock { $0 } }

    func get(_ url: String, headers: [(name: String, value: String)], timeout: Duration) async throws -> LocalHTTPResponse {
        try respond(Request(method: "GET", url: url, headers: headers.map { "\($0.name): \($0.value)" }, body: ""))
    }

    func post(_ url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async throws -> LocalHTTPResponse {
        try respond(Request(method: "POST", url: url, headers: headers.map { "\($0.name): \($0.value)" }, body: String(decoding: body, as: UTF8.self)))
    }

    private func respond(_ request: Request) throws -> LocalHTTPResponse {
        recorded.withLock { $0.append(request) }
        return try answer(request)
    }
}
