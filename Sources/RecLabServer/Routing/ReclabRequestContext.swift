import Foundation
import Hummingbird

/// The request context of the server: Hummingbird's basic context, with JSON
/// answers encoded with sorted keys so the same request always gets the same bytes.
struct ReclabRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: Source) { coreContext = .init(source: source) }

    var responseEncoder: JSONEncoder { Self.encoder() }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
