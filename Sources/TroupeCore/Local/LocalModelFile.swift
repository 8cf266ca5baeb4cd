import Foundation

/// The GGUF file the local server loads, resolved from LOCAL_MODEL.
///
/// LOCAL_MODEL is an absolute path, a `~` path, a relative path (with a `/`, against the
/// working directory), or a bare file name in the models folder (`.gguf` may be left off).
/// Unset or empty means the installed default, Qwen2.5-Coder-0.5B-Instruct Q4_K_M, whose size
/// and SHA-256 are pinned; other files are only checked to exist and to be GGUF.
public struct LocalModelFile: Sendable, Hashable {
    /// The setting that names the model file.
    public static let settingName = "LOCAL_MODEL"
    /// The file name of the installed default model.
    public static let defaultModelName = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    /// The installed default's size and SHA-256 (as Scripts/install-local-model.sh pins them).
    public static let defaultModelPin = LocalModelPin(
        size: 491_400_064,
        sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    )

    /// The absolute, standardised path.
    public var path: String
    /// Which setting named the file, for error messages.
    public var source: LocalSettingSource
    /// The size and hash the file must have; set for the installed default only.
    public var pin: LocalModelPin?

    /// A model file at `path` (absolute), named by `source`, checked against `pin` if given.
    public init(path: String, source: LocalSettingSource, pin: LocalModelPin?) {
        self.path = path
        self.source = source
        self.pin = pin
    }

    /// The file's name (last path component), e.g. for a status line.
    public var name: String { (path as NSString).lastPathComponent }

    /// The path of the stamp beside the file.
    public var stampPath: String { path + ".stamp" }

    /// Resolves a LOCAL_MODEL value (nil or empty: the installed default). Reads nothing but,
    /// for a bare name without `.gguf`, whether `name.gguf` exists.
    public static func resolve(_ setting: String?, paths: LocalPaths) -> LocalModelFile {
        let value = setting?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !value.isEmpty else {
            return LocalModelFile(path: paths.defaultModel, source: .installedDefault, pin: defaultModelPin)
        }
        var path: String
        if value.hasPrefix("/") || value.hasPrefix("~") || value.contains("/") {
            path = paths.absolute(value)
        } else {
            path = LocalPaths.join(paths.modelsFolder, value)
            if !value.lowercased().hasSuffix(".gguf"), !FileManager.default.fileExists(atPath: path),
                FileManager.default.fileExists(atPath: path + ".gguf")
            {
                path += ".gguf"
            }
            path = (path as NSString).standardizingPath
        }
        // The installed default named explicitly is still the pinned file.
        let pin = path == (paths.defaultModel as NSString).standardizingPath ? defaultModelPin : nil
        return LocalModelFile(path: path, source: .setting(settingName), pin: pin)
    }
}

/// One GGUF file of the models folder.
public struct LocalModelListing: Sendable, Hashable {
    /// The file name, which LOCAL_MODEL accepts as is.
    public var name: String
    /// Size in bytes.
    public var size: Int64

    /// A listing entry.
    public init(name: String, size: Int64) {
        self.name = name
        self.size = size
    }
}

extension LocalModelFile {
    /// The GGUF files (by extension) in `folder`, sorted by name; empty when the folder does
    /// not exist (nothing installed yet).
    public static func list(in folder: String) -> [LocalModelListing] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names
            .filter { $0.lowercased().hasSuffix(".gguf") }
            .compactMap { name -> LocalModelListing? in
                guard case .success(let status) = FileStatus.of(LocalPaths.join(folder, name)),
                    status.isRegularFile
                else { return nil }
                return LocalModelListing(name: name, size: status.size)
            }
            .sorted { $0.name < $1.name }
    }
}
