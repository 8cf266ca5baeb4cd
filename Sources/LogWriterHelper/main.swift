// A child process for the concurrent-writer test: opens the log at PATH, starts one
// conversation and appends COUNT turns to it, then prints "ok ID".
// Usage: LogWriterHelper PATH COUNT LABEL
import Foundation
import TroupeCore

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: LogWriterHelper PATH COUNT LABEL\n".utf8))
    exit(2)
}
let label = arguments[3]
do {
    let log = try ConversationLog(path: arguments[1])
    let id = try log.startConversation(kind: .eval)
    for index in 0..<count {
        let message = ChatMessage.user("\(label) question \(index)")
        try log.append(TurnRecord(
            conversation: id, api: "openai", model: "gpt-4o-mini", messages: [message],
            reply: "\(label) answer \(index)", usage: TokenUsage(promptTokens: 10, completionTokens: 5)))
    }
    print("ok \(id)")
} catch {
    FileHandle.standardError.write(Data("LogWriterHelper: \(error)\n".utf8))
    exit(1)
}
