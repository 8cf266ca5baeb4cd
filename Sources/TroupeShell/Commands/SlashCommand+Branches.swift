import TroupeCore

extension SlashCommand {
    /// The commands that work on the conversation tree.
    public static var branchCommands: [SlashCommand] {
        [.fork, .branches, .switchBranch, .regenerate]
    }

    /// `/fork [NAME]`: starts a branch at the current point.
    public static let fork = SlashCommand(
        name: "fork", arguments: "[NAME]",
        summary: "Start a branch here (named b1, b2, ... unless you name it); the old one stays",
        details: "New turns go to the new branch; /switch goes back to the other. /branches lists them."
    ) { shell, arguments in
        let from = shell.tree.current.name
        let name = try branchCall { try shell.tree.fork(name: arguments.isEmpty ? nil : arguments) }
        shell.cutMessages = []
        shell.output.info("Branch \(name) starts here, from \(from) after \(shell.messages.count) message(s); /switch \(from) goes back.")
    }

    /// `/branches`: lists the branches with where each differs from the one in use.
    public static let branches = SlashCommand(
        name: "branches",
        summary: "List the branches and where each leaves the one in use"
    ) { shell, _ in
        let tree = shell.tree
        for (index, branch) in tree.branches.enumerated() {
            let current = index == tree.currentIndex
            let marker = current ? shell.output.style.bold("* ") : "  "
            var line = "\(marker)\(index + 1) \(branch.name)  \(branch.messages.count) message(s)"
            if !current {
                let shared = ConversationTree.sharedPrefix(tree.messages, branch.messages)
                if shared < branch.messages.count {
                    let first = branch.messages[shared]
                    line += "  from [\(shared + 1)] \(first.role.rawValue): " + Self.preview(first.content)
                } else {
                    line += "  (the first \(shared) messages of this one)"
                }
            }
            shell.output.line(line)
        }
    }

    /// `/switch NAME|NUMBER`: moves to another branch.
    public static let switchBranch = SlashCommand(
        name: "switch", arguments: "NAME|NUMBER",
        summary: "Go to another branch (as /branches names or numbers them)",
        complete: { context, previous in previous.isEmpty ? context.branchNames : [] }
    ) { shell, arguments in
        guard !arguments.isEmpty else { throw ShellCommandError.usage("/switch NAME|NUMBER") }
        try branchCall { try shell.tree.switchTo(arguments) }
        shell.cutMessages = []
        shell.failedMessage = nil
        shell.output.info("On branch \(shell.tree.current.name): \(shell.messages.count) message(s).")
    }

    /// `/regenerate`: a new reply to the last user message; the old one stays on a branch.
    public static let regenerate = SlashCommand(
        name: "regenerate",
        summary: "Ask for a new reply to your last message (the old reply stays on a branch)",
        details: "Never answered from the cache: the new reply is a new sample, and the old one is kept on an automatically named branch (/branches)."
    ) { shell, _ in
        await shell.regenerate()
    }

    /// `/edit` with `/edit N`: message N in the editor, what followed it kept on a branch.
    public static let editWithNumbers = makeEdit(numbered: { shell, number in
        try await shell.editMessage(number, editor: ExternalEditor())
    })

    static func preview(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.count > 50 ? String(line.prefix(49)) + "…" : line
    }

    /// Turns a ``BranchError`` into a message the shell prints as is.
    static func branchCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BranchError {
            throw ShellCommandError.invalid(error.description)
        }
    }
}

extension ShellEngine {
    /// Sets aside the messages from `index` on in an automatically named branch and says so.
    /// - Returns: the branch's name, or nil when there was nothing to set aside.
    @discardableResult
    func setAside(from index: Int, what: String) -> String? {
        guard let name = tree.setAside(from: index) else { return nil }
        cutMessages = cutMessages.filter { $0 < index }
        output.info("\(what) kept on branch \(name) (/switch \(name) to see it).")
        return name
    }

    /// A new reply to the last user message; the old reply goes to a branch.
    public func regenerate() async {
        guard let lastUser = messages.lastIndex(where: { $0.role == .user }) else {
            output.info("Nothing to regenerate.")
            return
        }
        let user = messages[lastUser]
        if lastUser + 1 < messages.count {
            setAside(from: lastUser, what: "The earlier reply is")
        } else {
            messages.removeSubrange(lastUser...)
        }
        failedMessage = nil
        await runTurn(user: user, sample: .fresh)
    }

    /// `/edit N`: opens message N (as `/history` numbers them) in the editor. What is saved
    /// replaces it; the messages from N on move to a branch. An edited user message gets a new
    /// reply; an edited system message sends the next user message again; an edited reply
    /// just replaces it.
    func editMessage(_ number: Int, editor: ExternalEditor) async throws {
        guard (1...max(1, messages.count)).contains(number), number <= messages.count else {
            throw ShellCommandError.invalid("no message \(number): the conversation has \(messages.count) (/history numbers them)")
        }
        let index = number - 1
        let original = messages[index]
        let text = try await editor.editInBackground(original.content)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            output.info("The saved message is empty: nothing changed.")
            return
        }
        guard text != original.content else {
            output.info("Message \(number) is unchanged.")
            return
        }
        let following = Array(messages[(index + 1)...])
        setAside(from: index, what: "The conversation before the edit is")
        var edited = original
        edited.content = text
        switch original.role {
        case .user:
            await runTurn(user: edited)
        case .system, .developer:
            messages.append(edited)
            output.info("Message \(number) edited.")
            if let next = following.first(where: { $0.role == .user }) {
                await runTurn(user: next)
            }
        case .assistant, .tool:
            messages.append(edited)
            output.info("Message \(number) edited.")
        }
    }
}
