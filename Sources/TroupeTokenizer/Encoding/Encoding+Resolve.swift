extension Encoding {
    /// The encoding chosen by an explicit encoding name or a model name (as the `--encoding` and
    /// `--model` options of `troupe tokens` give them); o200k_base when neither is given.
    /// - Returns: the encoding and, for an unknown model, a note on the fallback.
    /// - Throws: `TokenizerError.unknownEncoding` for an unknown encoding name.
    public static func resolve(encoding name: String?, model: String?) throws(TokenizerError) -> (encoding: Encoding, note: String?) {
        if let name { return (try named(name), nil) }
        if let model { return forModel(model) }
        return (.o200kBase, nil)
    }
}
