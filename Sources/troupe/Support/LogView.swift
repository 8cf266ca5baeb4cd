import Foundation
import TroupeCore

/// How `troupe log` shows the log: text tables for people, JSON for programs.
struct LogView {
    var colors: Bool

    var highlight: (String, String) { colors ? ("\u{1B}[1m", "\u{1B}[22m") : ("[", "]") }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func cost(_ cost: Cost?, unpriced: Int) -> String {
        guard let cost else { return unpriced > 0 ? "unknown" : "$0" }
        return cost.formatted + (unpriced > 0 ? "+?" : "")
    }

    // MARK: - Text

    func text(_ list: [ConversationSummary], path: String, totals: LogTotals) -> String {
        guard !list.isEmpty else { return "No conversations logged yet (\(path)).\n" }
        var rows = [["ID", "TIME", "KIND", "MODEL", "TURNS", "COST", "FIRST MESSAGE"]]
        var total = Cost.zero
        var unpriced = 0
        for item in list {
            rows.append([
                item.id.rawValue, Self.time(item.updated), item.kind.rawValue, item.model ?? "-", String(item.turns),
                Self.cost(item.totalCost, unpriced: item.unpricedTurns), item.title ?? "",
            ])
            if let cost = item.totalCost { total += cost }
            unpriced += item.unpricedTurns
        }
        var text = ModelsCommand.table(rows)
        text += "Total of these \(list.count): \(total.formatted)"
        if unpriced > 0 { text += " (\(unpriced) turn(s) of unknown cost not included)" }
        text += ". The whole log: \(totals.conversations) conversation(s), \(totals.turns) turn(s), "
            + Self.cost(totals.cost, unpriced: totals.unpricedTurns)
        return text + ".\ntroupe log ID shows one; troupe chat --resume ID goes on with it.\n"
    }

    func text(_ detail: ConversationDetail) -> String {
        let summary = detail.summary
        var text = "Conversation \(summary.id) · \(summary.kind.rawValue) · started \(Self.time(summary.created)) · "
            + "\(summary.turns) turn(s) · \(Self.cost(summary.totalCost, unpriced: summary.unpricedTurns))\n"
        for turn in detail.turns {
            let record = turn.record
            var facts = ["\(record.branch) #\(turn.index + 1)", Self.time(record.time), record.model, record.api]
            if let usage = record.usage { facts.append("\(usage.promptTokens) prompt + \(usage.completionTokens) completion tokens") }
            if record.cached { facts.append("$0 cached") } else { facts.append(record.cost?.formatted ?? "cost unknown") }
            if let total = record.totalLatency { facts.append(String(format: "%.2f s", total.seconds)) }
            if let template = record.template { facts.append("template \(template)") }
            text += "\n── " + facts.joined(separator: " · ") + "\n"
            let user = record.messages.last(where: { $0.role == .user })?.content ?? ""
            text += "> " + user.replacingOccurrences(of: "\n", with: "\n> ") + "\n"
            if let error = record.error { text += "[failed: \(error)]\n" }
            if let reply = record.reply { text += reply + (reply.hasSuffix("\n") ? "" : "\n") }
            if record.finishReason == "cut" { text += "[cut]\n" }
        }
        return text
    }

    func text(_ hits: [SearchHit], query: String) -> String {
        guard !hits.isEmpty else { return "No logged turn has every word of “\(query)”.\n" }
        return hits.map { hit in
            "\(hit.conversation) \(hit.branch) #\(hit.turnIndex + 1)  \(Self.time(hit.time))  \(hit.model)\n    "
                + hit.snippet.replacingOccurrences(of: "\n", with: " ")
        }.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func isoTime(_ date: Date) -> JSONValue {
        .string(ISO8601DateFormatter().string(from: date))
    }

    static func costValue(_ cost: Cost?) -> JSONValue {
        // Through the decimal's text: the nearest Double to the exact amount (doubleValue is not).
        cost.flatMap { Double(NSDecimalNumber(decimal: $0.dollars).stringValue) }.map(JSONValue.number) ?? .null
    }

    static func summaryValue(_ item: ConversationSummary) -> JSONValue {
        [
            "id": .string(item.id.rawValue), "kind": .string(item.kind.rawValue), "created": isoTime(item.created),
            "updated": isoTime(item.updated), "title": item.title.map(JSONValue.string) ?? .null,
            "model": item.model.map(JSONValue.string) ?? .null, "turns": .number(Double(item.turns)),
            "cost_usd": costValue(item.totalCost), "unpriced_turns": .number(Double(item.unpricedTurns)),
        ]
    }

    static func json(_ list: [ConversationSummary]) -> String {
        encode(.array(list.map(summaryValue)))
    }

    static func json(_ detail: ConversationDetail) -> String {
        var value = summaryValue(detail.summary)
        let turns: [JSONValue] = detail.turns.map { turn in
            let record = turn.record
            var usage: JSONValue = .null
            if let figures = record.usage {
                usage = [
                    "prompt_tokens": .number(Double(figures.promptTokens)), "cached_tokens": .number(Double(figures.cachedTokens)),
                    "completion_tokens": .number(Double(figures.completionTokens)),
                    "reasoning_tokens": .number(Double(figures.reasoningTokens)),
                ]
            }
            return [
                "branch": .string(record.branch), "index": .number(Double(turn.index)), "time": isoTime(record.time),
                "api": .string(record.api), "model": .string(record.model), "parameters": record.parameters,
                "messages": .array(record.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }),
                "reply": record.reply.map(JSONValue.string) ?? .null, "usage": usage, "cost_usd": costValue(record.cost),
                "first_token_ms": record.firstTokenLatency.map { .number(($0.seconds * 1000).rounded()) } ?? .null,
                "total_ms": record.totalLatency.map { .number(($0.seconds * 1000).rounded()) } ?? .null,
                "cached": .bool(record.cached), "template": record.template.map(JSONValue.string) ?? .null,
                "template_variables": record.templateVariables ?? .null,
                "finish_reason": record.finishReason.map(JSONValue.string) ?? .null,
                "error": record.error.map(JSONValue.string) ?? .null,
            ]
        }
        if case .object(var object) = value {
            object["turns_detail"] = .array(turns)
            value = .object(object)
        }
        return encode(value)
    }

    static func json(_ hits: [SearchHit]) -> String {
        encode(.array(hits.map { hit in
            [
                "conversation": .string(hit.conversation.rawValue), "branch": .string(hit.branch),
                "index": .number(Double(hit.turnIndex)), "time": isoTime(hit.time), "model": .string(hit.model),
                "snippet": .string(hit.snippet),
            ]
        }))
    }
}
