/// Ratings stored column by column: 16 bytes per rating
/// (user Int32, movie Int32, rating Float32, timestamp Int32 seconds).
///
/// `users[i]` and `movies[i]` are inner ids into the owning `Dataset`'s
/// vocabularies. Timestamps are Unix seconds (Int32 covers 1901–2038, every
/// MovieLens release).
public struct Ratings: Sendable, Equatable {
    public var users: [Int32]
    public var movies: [Int32]
    public var values: [Float]
    public var timestamps: [Int32]

    public init(users: [Int32] = [], movies: [Int32] = [], values: [Float] = [], timestamps: [Int32] = []) {
        precondition(users.count == movies.count && movies.count == values.count && values.count == timestamps.count,
                     "rating columns must have equal length")
        self.users = users
        self.movies = movies
        self.values = values
        self.timestamps = timestamps
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    public mutating func reserveCapacity(_ n: Int) {
        users.reserveCapacity(n); movies.reserveCapacity(n)
        values.reserveCapacity(n); timestamps.reserveCapacity(n)
    }

    public mutating func append(user: Int32, movie: Int32, value: Float, timestamp: Int32) {
        users.append(user); movies.append(movie); values.append(value); timestamps.append(timestamp)
    }

    /// The ratings at `indices`, in that order.
    public func subset<C: Collection>(_ indices: C) -> Ratings where C.Element == Int {
        var out = Ratings()
        out.reserveCapacity(indices.count)
        for i in indices { out.append(user: users[i], movie: movies[i], value: values[i], timestamp: timestamps[i]) }
        return out
    }

    /// Arithmetic mean of the rating values, summed in Double; 0 when empty.
    public var mean: Double {
        guard !values.isEmpty else { return 0 }
        var s = 0.0
        for v in values { s += Double(v) }
        return s / Double(values.count)
    }
}

/// Free-text tags users attached to movies (inner ids, as in `Ratings`).
public struct Tags: Sendable, Equatable {
    public var users: [Int32]
    public var movies: [Int32]
    public var texts: [String]
    public var timestamps: [Int32]

    public init(users: [Int32] = [], movies: [Int32] = [], texts: [String] = [], timestamps: [Int32] = []) {
        self.users = users
        self.movies = movies
        self.texts = texts
        self.timestamps = timestamps
    }

    public var count: Int { texts.count }

    public mutating func append(user: Int32, movie: Int32, text: String, timestamp: Int32) {
        users.append(user); movies.append(movie); texts.append(text); timestamps.append(timestamp)
    }
}
