import Logging

/// Everything an ``OpenAIClient`` or ``AzureOpenAIClient`` needs: where to send requests, how to
/// authenticate, how to retry, and the seams tests replace (transport, sleep, randomness).
public struct ClientConfiguration: Sendable {
    /// How requests authenticate. `description` never shows the secret.
    public enum Credential: Sendable, CustomStringConvertible {
        /// No credential (a local OpenAI-compatible server).
        case none
        /// An OpenAI API key, sent as `Authorization: Bearer`.
        case apiKey(String)
        /// An Azure OpenAI key, sent as `api-key`.
        case azureKey(String)
        /// A Microsoft Entra ID token for Azure, sent as `Authorization: Bearer`.
        case azureADToken(String)

        /// The secret value, if any (for scrubbing it from error text).
        var secret: String? {
            switch self {
            case .none: return nil
            case .apiKey(let value), .azureKey(let value), .azureADToken(let value): return value
            }
        }

        /// The header that carries the credential.
        var header: (name: String, value: String)? {
            switch self {
            case .none: return nil
            case .apiKey(let value), .azureADToken(let value): return ("Authorization", "Bearer " + value)
            case .azureKey(let value): return ("api-key", value)
            }
        }

        public var description: String {
            switch self {
            case .none: return "none"
            case .apiKey: return "apiKey(<redacted>)"
            case .azureKey: return "azureKey(<redacted>)"
            case .azureADToken: return "azureADToken(<redacted>)"
            }
        }
    }

    /// OpenAI: the API base URL (`https://api.openai.com/v1`, or a compatible server's).
    /// Azure: the resource endpoint (`https://<name>.openai.azure.com`).
    public var baseURL: String
    public var credential: Credential
    /// Azure's `api-version` query value (e.g. `2024-12-01-preview`); `v1` or nil selects
    /// Azure's v1 API (`{endpoint}/openai/v1/...`, no dated version). Unused by OpenAI.
    public var apiVersion: String?
    public var retryPolicy: RetryPolicy
    /// How long one attempt may take (TIMEOUT) when the request does not say; embeddings use it.
    public var timeout: Duration
    /// How long to wait for a connection (CONNECT_TIMEOUT).
    public var connectTimeout: Duration
    /// Extra headers sent with every request.
    public var extraHeaders: [String: String]
    public var logger: Logger
    /// The network seam; ``AsyncHTTPTransport`` by default.
    public var transport: any HTTPTransport
    /// Waits between attempts; replaced in tests to record waits without sleeping.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in 0..<1 for retry jitter.
    public var random: @Sendable () -> Double

    public init(
        baseURL: String,
        credential: Credential,
        apiVersion: String? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10),
        extraHeaders: [String: String] = [:],
        logger: Logger = ClientConfiguration.defaultLogger,
        transport: any HTTPTransport = AsyncHTTPTransport.shared,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.baseURL = baseURL
        self.credential = credential
        self.apiVersion = apiVersion
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.extraHeaders = extraHeaders
        self.logger = logger
        self.transport = transport
        self.sleep = sleep
        self.random = random
    }

    /// A logger labelled `troupe.client`, at the level the logging system gives it (the
    /// executable shows its debug records with `--verbose`).
    public static var defaultLogger: Logger {
        Logger(label: "troupe.client")
    }

    /// The configuration of an OpenAI (or OpenAI-compatible) client.
    /// - Parameters:
    ///   - apiKey: OPENAI_API_KEY; nil or empty sends no `Authorization` header.
    ///   - baseURL: BASE_URL / OPENAI_BASE_URL, default `https://api.openai.com/v1`.
    public static func openAI(
        apiKey: String?,
        baseURL: String? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60)
    ) -> ClientConfiguration {
        let credential: Credential = apiKey.flatMap { $0.isEmpty ? nil : Credential.apiKey($0) } ?? .none
        return ClientConfiguration(
            baseURL: baseURL.flatMap { $0.isEmpty ? nil : $0 } ?? "https://api.openai.com/v1",
            credential: credential,
            retryPolicy: retryPolicy,
            timeout: timeout
        )
    }

    /// The configuration of an Azure OpenAI client. The key wins over the Entra ID token when
    /// both are set.
    /// - Parameters:
    ///   - endpoint: AZURE_OPENAI_ENDPOINT, e.g. `https://name.openai.azure.com`.
    ///   - apiKey: AZURE_OPENAI_KEY / AZURE_OPENAI_API_KEY.
    ///   - adToken: AZURE_OPENAI_AD_TOKEN, used when there is no key.
    ///   - apiVersion: AZURE_API_VERSION / OPENAI_API_VERSION.
    public static func azure(
        endpoint: String,
        apiKey: String?,
        adToken: String? = nil,
        apiVersion: String?,
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60)
    ) -> ClientConfiguration {
        let credential: Credential
        if let apiKey, !apiKey.isEmpty {
            credential = .azureKey(apiKey)
        } else if let adToken, !adToken.isEmpty {
            credential = .azureADToken(adToken)
        } else {
            credential = .none
        }
        return ClientConfiguration(
            baseURL: endpoint,
            credential: credential,
            apiVersion: apiVersion,
            retryPolicy: retryPolicy,
            timeout: timeout
        )
    }
}
