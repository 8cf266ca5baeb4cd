/// Where a configuration value came from; later sources win in the order of the cases.
public enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
    /// The `config.ini` shipped inside the binary.
    case builtIn
    /// An INI file (`~/.config/troupe/config.ini`, `./config.ini` or `--config FILE`).
    case file(String)
    /// An environment variable, by name.
    case environment(String)
    /// A command-line flag.
    case flag
    /// Changed while troupe runs (in the shell).
    case session
    /// Chosen by troupe because nothing set it; the text says why.
    case automatic(String)

    public var description: String {
        switch self {
        case .builtIn: return "built-in defaults"
        case .file(let path): return path
        case .environment(let name): return "environment variable \(name)"
        case .flag: return "command-line flag"
        case .session: return "this session"
        case .automatic(let reason): return "chosen: \(reason)"
        }
    }
}
