import Foundation
import Synchronization

/// Makes a client for a configuration.
public typealias ClientFactory = @Sendable (TroupeConfig) throws -> any LLMClient

/// Clients by API type (TinyTroupe's `register_client`, `client()` and `force_api_type`).
///
/// `openai` and `azure` are registered by default; custom clients can be added under any
/// name. Safe to share across tasks.
public final class ClientRegistry: Sendable {
    private struct State {
        var factories: [String: ClientFactory] = [:]
        var forced: String?
    }

    private let state = Mutex(State())

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
        state.withLock { $0.factories[apiType.lowercased()] = factory }
    }

    /// Uses `apiType` whatever the configuration says, until called again with nil.
    ///
    /// - Throws: ``ClientRegistryError/unknownAPIType(_:known:)`` if nothing is registered under it.
    public func force(apiType: String?) throws {
        try state.withLock { state in
            guard let apiType else {
                state.forced = nil
                return
            }
            let type = apiType.lowercased()
            guard state.factories[type] != nil else {
                throw ClientRegistryError.unknownAPIType(apiType, known: state.factories.keys.sorted())
            }
            state.forced = type
        }
    }

    /// The forced API type, if any.
    public var forcedAPIType: String? {
        state.withLock { $0.forced }
    }

    /// Registered API types, sorted.
    public var knownAPITypes: [String] {
        state.withLock { $0.factories.keys.sorted() }
    }

    /// The API type a request with `config` goes to: the forced one, else `config.apiType`.
    public func apiType(for config: TroupeConfig) -> String {
        state.withLock { $0.forced ?? config.apiType }
    }

    /// A new client for `config`, of the forced API type if one is set.
    /// - Throws: ``ClientRegistryError/unknownAPIType(_:known:)``, or what the factory throws
    ///   (e.g. a missing key).
    public func client(for config: TroupeConfig) throws -> any LLMClient {
        let (type, factory, known) = state.withLock { state -> (String, ClientFactory?, [String]) in
            let type = state.forced ?? config.apiType.lowercased()
            return (type, state.factories[type], state.factories.keys.sorted())
        }
        guard let factory else {
            throw ClientRegistryError.unknownAPIType(type, known: known)
        }
        return try factory(config)
    }
}
