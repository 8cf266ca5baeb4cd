import TroupeCore

/// How the shell words the core's errors: their own description, plus what to type here.
enum ShellWording {
    /// A template error with the shell's commands for what to do.
    static func message(for error: TemplateError) -> String {
        switch error {
        case .notFound:
            return error.description + " /templates lists the templates found."
        case .missingVariables(_, let names):
            return error.description + "\nGive \(names.count == 1 ? "it" : "them") with /var NAME=VALUE, or as NAME=VALUE after the template name."
        default:
            return error.description
        }
    }

    /// A session error with the shell's commands for what to do.
    static func message(for error: SessionError) -> String {
        if case .notFound(_, _, let suggestions) = error, suggestions.isEmpty {
            return error.description + " List saved sessions with /sessions, or give a path to a .json file."
        }
        return error.description
    }

    /// What to do about an error: the installed local model or server missing or damaged, a
    /// missing key, a conversation too long for the model.
    static func localInstallHint(for error: any Error) -> String? {
        switch error {
        case LocalModelError.missing(.installedDefault, _), LocalServerError.serverMissing(.installedDefault, _),
            LocalServerError.serverNotExecutable(.installedDefault, _):
            "Scripts/setup.sh installs it; or /set local_model PATH for another GGUF file, or /api openai with OPENAI_API_KEY set."
        case LocalModelError.sizeMismatch, LocalModelError.hashMismatch:
            "Scripts/install-local-model.sh downloads it again."
        case ClientError.missingKey:
            "With no key, /api local answers with the local model (Scripts/setup.sh installs it)."
        case is ContextWindowError:
            "/undo [N] takes back the last N exchanges (kept on a branch: /branches); /fork keeps this branch and starts another after /undo; or /model picks a model with a larger window (troupe models lists them)."
        default: nil
        }
    }
}
