import Foundation
import TroupeCore
import TroupeEval

extension SlashCommand {
    /// `/expect`, `/compare`, `/pick`, `/eval`, `/watch`.
    static var checkCommands: [SlashCommand] { [.expect, .compare, .pick, .eval, .watch] }

    /// `/expect ASSERTION ...`: checks for the next replies.
    public static let expect = SlashCommand(
        name: "expect", arguments: "[CHECK ...] | --clear",
        summary: "Check every reply from now on (alone: list the checks)",
        details: """
            A check is written as in promptfoo's CSV files: contains: Paris, not-icontains: sorry, \
            regex: ^\\d+$, is-json, similar(0.8): the expected text, grade: is polite (graded by \
            GRADER_MODEL, default MODEL), latency(2000). One check per /expect, or several in \
            quotes: /expect "contains: a" "starts-with: B". Every reply then shows ✓ or ✗ per \
            check with the reason; /expect --clear removes them.
            """
    ) { shell, arguments in
        if arguments.isEmpty {
            guard !shell.checks.expectations.isEmpty else {
                shell.output.info("No checks; /expect contains: TEXT adds one.")
                return
            }
            for (index, check) in shell.checks.expectations.enumerated() {
                shell.output.line("\(index + 1). \(check.oneString)")
            }
            return
        }
        if arguments == "--clear" {
            shell.checks.expectations = []
            shell.output.info("Checks cleared.")
            return
        }
        // Several checks come quoted ("contains: a" "starts-with: B"); one may be written bare.
        let written = arguments.hasPrefix("\"") ? try CommandWords.split(arguments).map(ShellEngine.unquoted) : [arguments]
        let added = written.map(EvalAssertion.init(oneString:))
        shell.checks.expectations += added
        for check in added where !check.isSupported {
            shell.output.info("warning: \(check.typeName) is not supported; it will fail every reply")
        }
        shell.output.info("Checking every reply with \(shell.checks.expectations.count) check(s): " +
                          shell.checks.expectations.map(\.oneString).joined(separator: "; "))
    }

    /// `/compare KEY=v1,v2 ...`.
    public static let compare = SlashCommand(
        name: "compare", arguments: "KEY=v1,v2 ...",
        summary: "Send the last message once per combination of values, answers side by side",
        details: """
            A KEY that names a setting varies it (/compare model=gpt-4o,gpt-4o-mini temperature=0,1); \
            any other KEY is a variable of the template rendered last (/render or /template), which \
            is rendered for every combination. Values split on commas unless given as a JSON array \
            (tone='["very formal","casual, brief"]'). Answers are numbered from 1, the first KEY \
            varying slowest, and show tokens, time, cached and the /expect checks. Nothing is \
            overwritten: /pick N keeps answer N, the others stay as branches.
            """
    ) { shell, arguments in
        try await shell.compare(try ComparisonPlan(parsing: arguments))
    }

    /// `/pick N`.
    public static let pick = SlashCommand(
        name: "pick", arguments: "N",
        summary: "Keep answer N of the last /compare (the others stay on branches)"
    ) { shell, arguments in
        guard let number = Int(arguments) else { throw ShellCommandError.usage("/pick N") }
        let branches = try shell.pick(number)
        let kept = branches.isEmpty ? "" : "; the others are on \(branches.joined(separator: ", ")) (/branches)"
        shell.output.info("Answer \(number) is the reply\(kept).")
    }

    /// `/eval [FILE]`.
    public static let eval = SlashCommand(
        name: "eval", arguments: "[FILE]",
        summary: "Run a promptfoo suite (default promptfooconfig.yaml) and show its table",
        details: "The same as troupe eval with the settings of this session; /watch runs it again when its files change."
    ) { shell, arguments in
        try await shell.runSuite(ShellEngine.suiteArgument("/eval " + arguments))
    }

    /// `/watch`.
    public static let watch = SlashCommand(
        name: "watch",
        summary: "Run the last /compare, /render or /eval again whenever a file it used changes",
        details: "Files are polled every 0.5 s by path, so editors that save by rename are seen too. Ctrl-C stops."
    ) { shell, _ in
        try await shell.watch()
    }
}
