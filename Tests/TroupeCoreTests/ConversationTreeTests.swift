import Foundation
import Testing
@testable import TroupeCore

@Suite("Conversation tree")
struct ConversationTreeTests {
    let conversation: [ChatMessage] = [.system("s"), .user("u1"), .assistant("a1"), .user("u2"), .assistant("a2")]

    @Test func forkCopiesTheCurrentPointAndSwitches() throws {
        var tree = ConversationTree(messages: conversation)
        let name = try tree.fork()
        #expect(name == "b1" && tree.current.name == "b1")
        #expect(tree.messages == conversation)
        tree.messages.append(.user("only on b1"))
        try tree.switchTo("main")
        #expect(tree.messages == conversation)
        #expect(try tree.fork(name: "idea") == "idea")
        #expect(throws: BranchError.nameTaken("idea")) { try tree.fork(name: "idea") }
        #expect(throws: BranchError.invalidName("two words")) { try tree.fork(name: "two words") }
        #expect(throws: BranchError.invalidName("3")) { try tree.fork(name: "3") }
        try tree.switchTo("2")
        #expect(tree.current.name == "b1")
        #expect(throws: BranchError.self) { try tree.switchTo("nope") }
    }

    /// Undo, edit and asking again set what they replace aside in a branch: nothing is lost.
    @Test func settingAsideKeepsWhatIsReplaced() throws {
        var tree = ConversationTree(messages: conversation)
        let kept = tree.setAside(from: 3)
        #expect(kept == "b1")
        #expect(tree.current.name == "main")
        #expect(tree.messages == Array(conversation.prefix(3)))
        #expect(tree.branches[1].messages == conversation)
        #expect(tree.branches[1].origin == .init(branch: "main", sharedMessages: 3))
        #expect(tree.setAside(from: 10) == nil, "nothing after the end")
        tree.messages += [.user("u2 edited"), .assistant("other")]
        let divergence = try #require(tree.divergences.first)
        #expect(divergence.name == "b1" && divergence.firstDifference == 3)
    }

    /// Turns follow their messages when a branch is cut.
    @Test func turnsAreCutWithTheirMessages() {
        let turn = { (index: Int, text: String) in
            SessionTurn(user: .user(text), messageIndex: index, apiType: "openai", parameters: ChatParameters(model: "m"),
                        reply: "r", latency: TurnLatency(totalSeconds: 1))
        }
        var tree = ConversationTree(messages: conversation, turns: [turn(1, "u1"), turn(3, "u2")])
        tree.setAside(from: 3)
        #expect(tree.turns.map(\.user.content) == ["u1"])
        #expect(tree.branches[1].turns.count == 2)
    }

    /// A session keeps the whole tree (format 2) and a version-1 file reads as one branch.
    @Test func sessionsRoundTripTheTree() throws {
        var tree = ConversationTree(messages: conversation)
        tree.setAside(from: 3)
        tree.messages += [.user("new"), .assistant("answer")]
        var session = Session(settings: SessionSettings(apiType: "openai", parameters: ChatParameters(model: "m")))
        session.tree = tree
        session.checks = ["contains: Paris"]
        let decoded = try Session.decode(try session.jsonData(), path: "t.json")
        #expect(decoded.formatVersion == 2)
        #expect(decoded.tree == tree)
        #expect(decoded.messages == tree.messages)
        #expect(decoded.checks == ["contains: Paris"])
        let other = try decoded.selecting(branch: "b1")
        #expect(other.messages == conversation && other.branches == nil)

        var v1 = try #require(try JSONSerialization.jsonObject(with: try Session(
            settings: SessionSettings(apiType: "openai", parameters: ChatParameters(model: "m")),
            messages: conversation).jsonData()) as? [String: Any])
        v1["formatVersion"] = 1
        let old = try Session.decode(try JSONSerialization.data(withJSONObject: v1), path: "v1.json")
        #expect(old.tree.branches.count == 1 && old.tree.current.name == "main" && old.messages == conversation)
    }
}
