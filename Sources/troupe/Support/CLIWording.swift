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
        default: return error
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

    /// A message printed as it is.
    struct Message: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }
}
