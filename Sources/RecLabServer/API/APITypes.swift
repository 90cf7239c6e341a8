import Hummingbird

// The JSON bodies of the API (documented in `OpenAPIDocument`). Scores and
// ratings are Float, the models' own precision, so a client decoding them
// gets exactly the library's values.

struct MovieRef: Codable, Sendable, Equatable {
    var movieId: Int
    var title: String
}

struct SimilarItem: Codable, Sendable, Equatable {
    var movieId: Int
    var title: String
    /// The score the list is ranked by (that of `method`).
    var score: Float
    var content: Float
    var collab: Float
    var hybrid: Float
}

struct SimilarResponse: ResponseCodable, Sendable, Equatable {
    var movie: MovieRef
    var method: String
    var n: Int
    var similar: [SimilarItem]
}

struct SearchHit: Codable, Sendable, Equatable {
    var movieId: Int
    var title: String
    /// The movie has ratings, so `/movies/{id}/similar` can answer for it.
    var inSimilarityModel: Bool
}

struct SearchResponse: ResponseCodable, Sendable, Equatable {
    var query: String
    var movies: [SearchHit]
}

struct RecommendationItem: Codable, Sendable, Equatable {
    var movieId: Int
    var title: String
    var predictedRating: Float
}

struct RecommendationsResponse: ResponseCodable, Sendable, Equatable {
    var userId: Int
    var model: String
    var n: Int
    /// Movies the user rated in the model's training data (left out of the list).
    var excludedRated: Int
    var recommendations: [RecommendationItem]
}

struct PredictionResponse: ResponseCodable, Sendable, Equatable {
    var userId: Int
    var movieId: Int
    var title: String
    var model: String
    /// Clipped to the rating scale; the global mean when the model cannot estimate.
    var prediction: Float
    var wasImpossible: Bool
    /// The user / movie has ratings in the model's training data.
    var knownUser: Bool
    var knownMovie: Bool
}

struct PredictionPair: Codable, Sendable, Equatable {
    var user: Int
    var movie: Int
}

struct BatchPredictionRequest: Codable, Sendable, Equatable {
    var model: String?
    var pairs: [PredictionPair]
}

struct BatchPredictionResponse: ResponseCodable, Sendable, Equatable {
    var model: String
    var predictions: [PredictionResponse]
}

struct HealthResponse: ResponseCodable, Sendable, Equatable {
    var status: String
    var experiment: String
    var ratingModels: [String]
    var similarity: Bool
    /// Movies whose similar lists are computed and kept, of all movies of the similarity model.
    var similarListsCached: Int?
    var similarListsTotal: Int?
    var uptimeSeconds: Double
}

/// One loaded model file and where it came from.
struct ModelInfo: Codable, Sendable, Equatable {
    var name: String
    var kind: String
    var payloadType: String
    var file: String
    var bytes: Int
    var isDefault: Bool
    var users: Int?
    var movies: Int
    var trainingRatings: Int?
    var factors: Int?
    var components: [String: Int]?
    var parameters: [String: String]
    var trainedOn: String
    var trialId: String?
    var seed: UInt64?
    var reclabVersion: String
    var experimentHash: String
    var dataChecksum: String
    var createdAt: String
}

struct RunProvenance: Codable, Sendable, Equatable {
    var reclabVersion: String
    var gitCommit: String?
    var gitDirty: Bool?
    var startedAt: String
    var finishedAt: String
    var command: String
}

struct ModelsResponse: ResponseCodable, Sendable, Equatable {
    var experiment: String
    var experimentHash: String?
    var directory: String
    var run: RunProvenance?
    var loadSeconds: Double
    var models: [ModelInfo]
}
