import Foundation

/// A conversation that can branch: named branches, each a whole conversation (its messages
/// and the turns that made them), one of them current.
///
/// Every branch keeps its own copy of the messages it shares with the others: branches are
/// few and short beside a reply, and a branch read alone (saved, replayed, exported) needs no
/// other. Nothing is ever dropped: editing, undoing or asking again moves what is replaced to
/// a branch of its own (see ``setAside(from:)``).
public struct ConversationTree: Codable, Sendable, Hashable {
    /// One line of the conversation's history.
    public struct Branch: Codable, Sendable, Hashable {
        /// `main`, `b1`, `b2`, ... or a name the user gave.
        public var name: String
        /// The whole conversation of this branch, system messages included.
        public var messages: [ChatMessage]
        /// One record per completed exchange of this branch.
        public var turns: [SessionTurn]
        /// The branch this one was made from, and how many of its first messages they shared
        /// then (nil for the first branch).
        public var origin: Origin?

        public init(name: String, messages: [ChatMessage] = [], turns: [SessionTurn] = [], origin: Origin? = nil) {
            self.name = name
            self.messages = messages
            self.turns = turns
            self.origin = origin
        }
    }

    /// Where a branch left another.
    public struct Origin: Codable, Sendable, Hashable {
        public var branch: String
        public var sharedMessages: Int

        public init(branch: String, sharedMessages: Int) {
            self.branch = branch
            self.sharedMessages = sharedMessages
        }
    }

    /// Every branch, in the order they were made.
    public private(set) var branches: [Branch]
    /// The index of the branch new turns go to.
    public private(set) var currentIndex: Int

    /// A tree with one branch, `main`.
    public init(messages: [ChatMessage] = [], turns: [SessionTurn] = []) {
        branches = [Branch(name: Self.firstName, messages: messages, turns: turns)]
        currentIndex = 0
    }

    /// A tree from saved branches; `current` names the branch in use (the first when unknown).
    /// An empty list gives one empty `main` branch.
    public init(branches: [Branch], current: String) {
        self.branches = branches.isEmpty ? [Branch(name: Self.firstName)] : branches
        currentIndex = self.branches.firstIndex { $0.name == current } ?? 0
    }

    /// The name of the first branch.
    public static let firstName = "main"

    /// The branch in use.
    public var current: Branch {
        get { branches[currentIndex] }
        set { branches[currentIndex] = newValue }
    }

    /// The messages of the branch in use.
    public var messages: [ChatMessage] {
        get { current.messages }
        set { branches[currentIndex].messages = newValue }
    }

    /// The turns of the branch in use.
    public var turns: [SessionTurn] {
        get { current.turns }
        set { branches[currentIndex].turns = newValue }
    }

    /// The branch named `name`, or at 1-based position `name` in ``branches``.
    public func index(of name: String) -> Int? {
        if let exact = branches.firstIndex(where: { $0.name == name }) { return exact }
        if let number = Int(name), (1...branches.count).contains(number) { return number - 1 }
        return nil
    }

    /// The next free automatic name: `b1`, `b2`, ...
    public var nextAutomaticName: String {
        var number = 1
        while branches.contains(where: { $0.name == "b\(number)" }) { number += 1 }
        return "b\(number)"
    }

    /// Starts a new branch at the current point, a copy of the branch in use, and makes it the
    /// one in use. The branch it came from stays as it is.
    /// - Parameter name: the new branch's name (an automatic one when nil).
    /// - Returns: the name of the new branch.
    /// - Throws: ``BranchError/nameTaken(_:)`` or ``BranchError/invalidName(_:)``.
    @discardableResult
    public mutating func fork(name: String? = nil) throws -> String {
        let name = try checkedName(name)
        let source = current
        branches.append(Branch(
            name: name, messages: source.messages, turns: source.turns,
            origin: Origin(branch: source.name, sharedMessages: source.messages.count)))
        currentIndex = branches.count - 1
        return name
    }

    /// Keeps the current branch's messages from `index` on (and the turns that made them) in a
    /// new automatically named branch, then cuts them from the branch in use, which stays
    /// current. This is what editing message N, undoing or asking for another reply do: what is
    /// replaced is kept, never lost.
    /// - Returns: the name of the branch that holds what was set aside, or nil when there was
    ///   nothing after `index`.
    @discardableResult
    public mutating func setAside(from index: Int) -> String? {
        let cut = max(0, min(index, messages.count))
        guard cut < messages.count else { return nil }
        let name = nextAutomaticName
        let whole = current
        branches.append(Branch(
            name: name, messages: whole.messages, turns: whole.turns,
            origin: Origin(branch: whole.name, sharedMessages: cut)))
        branches[currentIndex].messages = Array(whole.messages.prefix(cut))
        branches[currentIndex].turns = whole.turns.filter { ($0.messageIndex ?? Int.max) < cut }
        return name
    }

    /// Makes the branch named `name` (or at 1-based position `name`) the one in use.
    /// - Throws: ``BranchError/unknown(_:known:)``.
    public mutating func switchTo(_ name: String) throws {
        guard let index = index(of: name) else {
            throw BranchError.unknown(name, known: branches.map(\.name))
        }
        currentIndex = index
    }

    /// How many first messages two branches have in common.
    public static func sharedPrefix(_ a: [ChatMessage], _ b: [ChatMessage]) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// For each other branch: its name and the index of its first message that differs from
    /// the branch in use (nil when it only lacks messages the current one has, or is equal).
    public var divergences: [(name: String, firstDifference: Int?, messages: Int)] {
        branches.indices.filter { $0 != currentIndex }.map { index in
            let other = branches[index]
            let shared = Self.sharedPrefix(messages, other.messages)
            return (other.name, shared < other.messages.count ? shared : nil, other.messages.count)
        }
    }

    private func checkedName(_ name: String?) throws -> String {
        guard let name else { return nextAutomaticName }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace), Int(trimmed) == nil else {
            throw BranchError.invalidName(name)
        }
        guard !branches.contains(where: { $0.name == trimmed }) else { throw BranchError.nameTaken(trimmed) }
        return trimmed
    }
}

/// A branch that cannot be made or found.
public enum BranchError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknown(String, known: [String])
    case nameTaken(String)
    /// Empty, with spaces, or a number (numbers name branches by position).
    case invalidName(String)

    public var description: String {
        switch self {
        case .unknown(let name, let known):
            return "no branch “\(name)” (branches: \(known.joined(separator: ", ")))"
        case .nameTaken(let name):
            return "a branch named “\(name)” already exists"
        case .invalidName(let name):
            return "“\(name)” cannot name a branch: use a word without spaces that is not a number"
        }
    }
}
