import Foundation
import Testing
@testable import TroupeCore

@Suite("Session file format")
struct SessionModelTests {
    @Test("every field survives a JSON round trip")
    func roundTrip() throws {
        let session = SessionFixtures.fullSession()
        let decoded = try Session.decode(session.jsonData(), path: "memory")
        #expect(decoded == session)
        // Field by field too, so a failure says which one.
        #expect(decoded.formatVersion == Session.currentFormatVersion)
        #expect(decoded.created == session.created)
        #expect(decoded.updated == session.updated)
        #expect(decoded.settings == session.settings)
        #expect(decoded.messages == session.messages)
        for (a, b) in zip(decoded.turns, session.turns) {
            #expect(a.user == b.user)
            #expect(a.messageIndex == b.messageIndex)
            #expect(a.apiType == b.apiType)
            #expect(a.parameters == b.parameters)
            #expect(a.reply == b.reply)
            #expect(a.finishReason == b.finishReason)
            #expect(a.replyModel == b.replyModel)
            #expect(a.usage == b.usage)
            #expect(a.latency == b.latency)
            #expect(a.fromCache == b.fromCache)
            #expect(a.template == b.template)
            #expect(a.startedAt == b.startedAt)
        }
    }

    @Test("JSON is pretty-printed with sorted keys and readable dates")
    func readableJSON() throws {
        let text = try #require(String(data: SessionFixtures.fullSession().jsonData(), encoding: .utf8))
        #expect(text.hasPrefix("{\n  \"created\" : \"2026-01-01T00:00:00.125Z\",\n  \"formatVersion\" : 2,"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"firstTokenSeconds\" : 0.25"))
        #expect(text.contains("\"name\" : \"greet.mustache\""))
        // Encoding twice gives the same bytes: files diff cleanly.
        #expect(try SessionFixtures.fullSession().jsonData() == SessionFixtures.fullSession().jsonData())
    }

    @Test("a file from a newer troupe is reported as newer, even if its shape changed")
    func newerVersion() throws {
        let data = Data(#"{"formatVersion": 7, "everything": "different"}"#.utf8)
        #expect(throws: SessionError.newerFormat(path: "f.json", version: 7, supported: Session.currentFormatVersion)) {
            try Session.decode(data, path: "f.json")
        }
    }

    @Test("a truncated file is reported as truncated")
    func truncated() throws {
        let full = try SessionFixtures.fullSession().jsonData()
        for length in [1, full.count / 3, full.count / 2, full.count - 3] {
            do {
                _ = try Session.decode(full.prefix(length), path: "t.json")
                Issue.record("decoded a file cut at \(length) bytes")
            } catch let error as SessionError {
                guard case .truncated = error else {
                    Issue.record("cut at \(length): expected .truncated, got \(error)")
                    continue
                }
            }
        }
        #expect(throws: SessionError.truncated(path: "e.json", reason: "the file is empty")) {
            try Session.decode(Data("  \n".utf8), path: "e.json")
        }
    }

    @Test("a corrupt file says what is wrong and where")
    func corrupt() throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: SessionFixtures.fullSession().jsonData()) as? [String: Any])
        var turns = try #require(object["turns"] as? [[String: Any]])
        turns[1]["reply"] = 12
        object["turns"] = turns
        let wrongType = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try Session.decode(wrongType, path: "c.json")
            Issue.record("decoded a reply that is a number")
        } catch let SessionError.corrupt(path, reason) {
            #expect(path == "c.json")
            #expect(reason.contains("turns[1].reply"), "reason was: \(reason)")
        }

        object.removeValue(forKey: "settings")
        let missing = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try Session.decode(missing, path: "c.json")
            Issue.record("decoded a session without settings")
        } catch let SessionError.corrupt(_, reason) {
            #expect(reason.contains("settings"), "reason was: \(reason)")
        }

        for garbage in ["{\"formatVersion\": 1, }", "[1, 2, 3]", "not json at all}"] {
            #expect(throws: SessionError.self) { try Session.decode(Data(garbage.utf8), path: "g.json") }
        }
        #expect(throws: SessionError.self) {
            try Session.decode(Data(#"{"formatVersion": 0}"#.utf8), path: "z.json")
        }
    }

    @Test("error messages tell the user what to do")
    func messages() {
        let newer = SessionError.newerFormat(path: "/x/s.json", version: 3, supported: 1)
        #expect(newer.description.contains("Upgrade troupe"))
        #expect(newer.errorDescription == newer.description)
        let missing = SessionError.notFound(reference: "demo", path: "/x/demo.json", suggestions: ["demo2"])
        #expect(missing.description.contains("Did you mean: demo2?"))
    }
}

@Suite("Session dates")
struct SessionDateTests {
    @Test("dates are written in UTC with milliseconds and read back equal")
    func stable() throws {
        #expect(Session.formatDate(SessionFixtures.date(0.125)) == "2026-01-01T00:00:00.125Z")
        #expect(Session.formatDate(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 1.6e9...1.9e9, using: &generator))
            let text = Session.formatDate(date)
            let parsed = try #require(Session.parseDate(text))
            #expect(parsed == Session.fileDate(date))
            #expect(Session.formatDate(parsed) == text)
        }
        #expect(Session.parseDate("2026-01-01T00:00:00Z") == SessionFixtures.date(0))
        #expect(Session.parseDate("2026-01-01T00:00:00.5Z") == SessionFixtures.date(0.5))
        #expect(Session.parseDate("yesterday") == nil)
    }
}

@Suite("Session from a live conversation")
struct SessionRecordingTests {
    private func turn(_ user: String, _ reply: String) -> SessionTurn {
        SessionTurn(user: .user(user), messageIndex: 0, apiType: "openai", parameters: .init(model: "m"),
                    reply: reply, latency: .init(totalSeconds: 1))
    }

    @Test("recorded turns are matched to the conversation; edited-away turns are dropped")
    func match() {
        let turns = [turn("a", "ra"), turn("b", "rb-old"), turn("b", "rb"), turn("c", "rc"), turn("gone", "x")]
        // /retry replaced "rb-old" with "rb"; a system message was inserted at the top later.
        let messages: [ChatMessage] = [.system("s"), .user("a"), .assistant("ra"), .user("b"), .assistant("rb"), .user("c"), .assistant("rc")]
        let session = Session(messages: messages, recordedTurns: turns, settings: .init(apiType: "openai", parameters: .init(model: "m")), created: Date())
        #expect(session.turns.map(\.reply) == ["ra", "rb", "rc"])
        #expect(session.turns.map(\.messageIndex) == [1, 3, 5])
        // After /clear nothing matches.
        #expect(Session.match(turns, in: [.user("new")]).isEmpty)
        // The same question asked twice matches both, in order.
        let twice = Session.match([turn("q", "r"), turn("q", "r")], in: [.user("q"), .assistant("r"), .user("q"), .assistant("r")])
        #expect(twice.map(\.messageIndex) == [0, 2])
    }
}
