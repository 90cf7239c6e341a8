import Foundation
import RecLabCore
import RecLabData
import RecLabLinearAlgebra
import RecLabModels
import RecLabResults

/// The similarity stage (tutorial steps 1–3), done once per run: fit the
/// content and collab latent spaces, then list similar movies per query.
enum SimilarityStage {
    static func config(_ s: SimilaritySpec) -> SimilarityConfig {
        var tfidf = TfidfOptions()
        tfidf.stopWords = s.tfidf.stopWords
        tfidf.minDF = .count(s.tfidf.minDF)
        tfidf.maxDF = .fraction(s.tfidf.maxDF)
        tfidf.sublinearTF = s.tfidf.sublinearTF
        tfidf.ngramMin = s.tfidf.ngramMin
        tfidf.ngramMax = s.tfidf.ngramMax
        let svd = TruncatedSVDOptions(components: s.contentComponents, oversamples: s.oversampling,
                                      powerIterations: s.powerIterations,
                                      method: TruncatedSVDOptions.Method(rawValue: s.svdMethod) ?? .auto, seed: s.seed)
        return SimilarityConfig(contentComponents: s.contentComponents, collabComponents: s.collabComponents, seed: s.seed,
                                tfidf: tfidf, hybridWeight: s.hybridWeight,
                                centering: CollabCentering(rawValue: s.centering) ?? .none, minUserRatings: 0, svd: svd)
    }

    static func run(_ spec: SimilaritySpec, dataset: Dataset) throws -> (SimilarityModel, SimilarityResult) {
        let t0 = Date()
        let model: SimilarityModel
        do { model = try SimilarityModel.fit(dataset, config: config(spec)) } catch {
            // SimilarityError already names the key ("similarity: content_components: …").
            throw ExperimentError("\(error)")
        }
        var queries: [SimilarityQuery] = []
        for q in spec.queries {
            let movie: Int32
            do { movie = try model.lookup(q) } catch {
                let suggestions = model.closestTitles(to: q, limit: 5)
                throw ExperimentError("similarity: no movie titled '\(q)'"
                                      + (suggestions.isEmpty ? "" : "; did you mean: \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"),
                                      key: "similarity.queries", expected: "an exact title such as \"Inception (2010)\" or a movieId")
            }
            let row = model.row(of: movie) ?? 0
            var lists: [SimilarList] = []
            for method in spec.methods {
                let m = SimilarityMethod(rawValue: method.rawValue) ?? .hybrid
                let neighbours = try model.similar(to: movie, method: m, top: spec.top)
                lists.append(SimilarList(method: method.rawValue, movies: neighbours.map {
                    SimilarMovie(movieId: $0.movieID, title: $0.title, content: Double($0.content),
                                 collab: Double($0.collab), hybrid: Double($0.hybrid))
                }))
            }
            queries.append(SimilarityQuery(queryTitle: model.titles[row], queryMovieId: model.movieIDs[row], lists: lists))
        }
        func curve(_ s: LatentSpace) -> RecLabResults.ExplainedVariance {
            RecLabResults.ExplainedVariance(rows: s.inputRows, columns: s.inputCols, nonZeros: s.inputNonZeros,
                                            ratios: s.explainedVariance.ratios)
        }
        let result = SimilarityResult(content: curve(model.content), collab: curve(model.collab), queries: queries,
                                      hybridWeight: spec.hybridWeight, seconds: Date().timeIntervalSince(t0))
        return (model, result)
    }
}
