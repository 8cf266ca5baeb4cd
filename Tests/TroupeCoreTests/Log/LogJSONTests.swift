import Foundation
import Testing
@testable import TroupeCore

@Suite("The log's JSON writer")
struct LogJSONTests {
    @Test func messagesRoundTripThroughJSONDecoder() throws {
        let messages: [ChatMessage] = [
            .system("Quotes \" and backslashes \\ and\nnewlines\r\tand a bell \u{07} and NUL \u{0}"),
            ChatMessage(role: .user, content: "émoji 🙂 and 中文", name: "ana"),
            .assistant(""),
        ]
        let text = LogJSON.messages(messages)
        let decoded = try JSONDecoder().decode([ChatMessage].self, from: Data(text.utf8))
        #expect(decoded == messages)
        #expect(text.contains(#"\u0007"#))
        #expect(!text.contains("\"name\":null"))
    }

    @Test func valuesRoundTripWithSortedKeys() throws {
        let value: JSONValue = ["b": [1, 2.5, 0.1, 1e-05, "x\"y"], "a": nil, "c": ["z": true, "y": false]]
        let text = LogJSON.value(value)
        #expect(text == #"{"a":null,"b":[1,2.5,0.1,1e-05,"x\"y"],"c":{"y":false,"z":true}}"#)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == value)
        #expect(LogJSON.value(.number(.infinity)) == "null")
    }
}
