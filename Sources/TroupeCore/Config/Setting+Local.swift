extension Setting {
    /// The `local` API type: llama.cpp's server on this machine.
    static let localSettings: [Setting] = [.localModel, .localServer, .localContext, .localThreads]

    /// `LOCAL_MODEL`: a GGUF path, or a file name in the models folder (empty: the installed one).
    public static let localModel = Setting(
        id: "localModel", name: "LOCAL_MODEL", aliases: ["local_model"], kind: .text, optional: true,
        help: "The local model: a GGUF path or a file name in ~/.local/share/troupe/models (empty: the installed one)",
        placement: .client)

    /// `LOCAL_SERVER`: the llama-server program (empty: the one set-up installed).
    public static let localServer = Setting(
        id: "localServer", name: "LOCAL_SERVER", aliases: ["local_server"], kind: .text, optional: true,
        help: "The llama-server program (empty: the one set-up installed in ~/.local/share/troupe/llama.cpp)",
        placement: .client)

    /// `LOCAL_CONTEXT`: the local server's context window in tokens.
    public static let localContext = Setting(
        id: "localContext", name: "LOCAL_CONTEXT", aliases: ["local_context"], kind: .integer(256...1_048_576), default: 4096,
        help: "The local model's context window in tokens",
        placement: .client)

    /// `LOCAL_THREADS`: CPU threads of the local server (unset: one per core).
    public static let localThreads = Setting(
        id: "localThreads", name: "LOCAL_THREADS", aliases: ["local_threads"], kind: .integer(1...1024),
        help: "CPU threads of the local server (none: one per core)",
        placement: .client)
}
