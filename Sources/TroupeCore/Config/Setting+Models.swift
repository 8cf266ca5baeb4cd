extension Setting {
    /// The models requests name.
    static let modelSettings: [Setting] = [.model, .reasoningModel, .embeddingModel, .graderModel]

    /// `MODEL`: the chat model (the deployment name on Azure).
    public static let model = Setting(
        id: "model", name: "MODEL", kind: .name, default: "gpt-4.1-mini",
        help: "The chat model (on Azure: the deployment name)",
        placement: .model)

    /// `REASONING_MODEL`: a model treated as a reasoning model, besides the known families.
    public static let reasoningModel = Setting(
        id: "reasoningModel", name: "REASONING_MODEL", kind: .name, default: "o3-mini",
        help: "The model used when careful reasoning is wanted (always sent as a reasoning model)",
        placement: .client)

    /// `EMBEDDING_MODEL`.
    public static let embeddingModel = Setting(
        id: "embeddingModel", name: "EMBEDDING_MODEL", kind: .name, default: "text-embedding-3-small",
        help: "The model used for embeddings",
        placement: .service)

    /// `GRADER_MODEL`: the model that grades answers in model-graded checks (unset: MODEL).
    public static let graderModel = Setting(
        id: "graderModel", name: "GRADER_MODEL", aliases: ["grader_model"], kind: .text, optional: true,
        help: "The model that grades answers in model-graded checks (llm-rubric, select-best); unset: MODEL",
        placement: .service)
}
