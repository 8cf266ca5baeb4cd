import ArgumentParser
import TroupeCore

/// How the command line words the core's errors: their own description, plus the flags and
/// commands that fix them here.
enum CLIWording {
    /// The error as ArgumentParser should print it.
    static func wrap(_ error: any Error) -> any Error {
        switch error {
        case let error as TemplateError: return Message(text: message(for: error))
        case let error as SessionError: return Message(text: message(for: error))
        case let error as ClientRegistryError:
            return Message(text: "\(error); set API_TYPE in config.ini or pass --api")
        case let error as ContextWindowError:
            return Message(text: "\(error)\nShorten the input, or pass --model with a larger window (`troupe models` lists them).")
        default:
            if let hint = localInstallHint(for: error) { return Message(text: "\(error)\n\(hint)") }
            return error
        }
    }

    static func message(for error: TemplateError) -> String {
        switch error {
        case .notFound:
            return error.description + " Run `troupe render --list` to see the templates found."
        case .missingVariables(_, let names):
            return error.description
                + "\nGive \(names.count == 1 ? "it" : "them") with --var NAME=VALUE or in a --vars file, "
                + "or pass --allow-missing to render them as empty text."
        default:
            return error.description
        }
    }

    static func message(for error: SessionError) -> String {
        if case .notFound(_, _, let suggestions) = error, suggestions.isEmpty {
            return error.description + " `troupe chat` then /sessions lists saved sessions; or give a path to a .json file."
        }
        return error.description
    }

    /// What to run when the installed local model or server is missing or damaged.
    static func localInstallHint(for error: any Error) -> String? {
        switch error {
        case LocalModelError.missing(.installedDefault, _), LocalServerError.serverMissing(.installedDefault, _),
            LocalServerError.serverNotExecutable(.installedDefault, _):
            "Scripts/setup.sh installs it (Scripts/install-local-model.sh alone installs just the model and server); "
                + "or set LOCAL_MODEL to another GGUF file, or use --api openai with OPENAI_API_KEY."
        case LocalModelError.sizeMismatch, LocalModelError.hashMismatch:
            "Scripts/install-local-model.sh downloads it again."
        case ClientError.missingKey:
            "With no key and no BASE_URL, troupe answers with the local model once it is installed: Scripts/setup.sh installs it."
        default: nil
        }
    }

    /// A message printed as it is.
    struct Message: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }
}
