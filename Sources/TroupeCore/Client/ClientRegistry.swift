import Foundation

/// Makes a client for a configuration.
public typealias ClientFactory = @Sendable (TroupeConfig) throws -> any LLMClient

/// Clients by API type (TinyTroupe's `register_client`, `client()` and `force_api_type`).
///
/// `openai` and `azure` are registered by default; custom clients can be added under any
/// name. Safe to share across tasks.
public final class ClientRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var factories: [String: ClientFactory] = [:]
    private var forced: String?

    /// A registry with the built-in clients (``ClientRegistry/registerBuiltInClients()``).
    public init() {
        registerBuiltInClients()
    }

    /// A registry with exactly `factories` (no built-in clients).
    public init(factories: [String: ClientFactory]) {
        for (apiType, factory) in factories {
            register(apiType, factory: factory)
        }
    }

    /// Registers (or replaces) the client for `apiType` (compared in lower case).
    public func register(_ apiType: String, factory: @escaping ClientFactory) {
        lock.withLock { factories[apiType.lowercased()] = factory }
    }

    /// Uses `apiType` whatever the configuration says, until called again with nil.
    ///
    /// - Throws: ``ClientRegistryError/unknownAPIType(_:known:)`` if nothing is registered under it.
    public func force(apiType: String?) throws {
        try lock.withLock {
            guard let apiType else {
                forced = nil
                return
            }
            let type = apiType.lowercased()
            guard factories[type] != nil else {
                throw ClientRegistryError.unknownAPIType(apiType, known: factories.keys.sorted())
            }
            forced = type
        }
    }

    /// The forced API type, if any.
    public var forcedAPIType: String? {
        lock.withLock { forced }
    }

    /// Registered API types, sorted.
    public var knownAPITypes: [String] {
        lock.withLock { factories.keys.sorted() }
    }

    /// The API type a request with `config` goes to: the forced one, else `config.apiType`.
    public func apiType(for config: TroupeConfig) -> String {
        lock.withLock { forced ?? config.apiType }
    }

    /// A new client for `config`, of the forced API type if one is set.
    /// - Throws: ``ClientRegistryError/unknownAPIType(_:known:)``, or what the factory throws
    ///   (e.g. a missing key).
    public func client(for config: TroupeConfig) throws -> any LLMClient {
        let (type, factory, known) = lock.withLock { () -> (String, ClientFactory?, [String]) in
            let type = forced ?? config.apiType.lowercased()
            return (type, factories[type], factories.keys.sorted())
        }
        guard let factory else {
            throw ClientRegistryError.unknownAPIType(type, known: known)
        }
        return try factory(config)
    }
}
