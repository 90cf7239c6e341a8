/// The OpenAPI 3.0 description of the server, served at `/openapi.json`.
/// Written by hand to match `Routes` and `APITypes`, with the ranges of
/// `APIRange`; the tests check that its paths and methods are the router's
/// routes, that live answers carry the documented keys, and
/// `scripts/check-server-schema` runs schemathesis against it.
/// Checked valid with openapi-spec-validator 0.9.0 (`curl -s localhost:8080/openapi.json |
/// python3 -c 'import json,sys; from openapi_spec_validator import validate; validate(json.load(sys.stdin))'`).
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "RecLab server",
        "version": "1",
        "description": "Similar movies, title search, top-N recommendations and rating predictions from the models a `reclab run` saved under reports/<experiment>/models. Ids are MovieLens movieId and userId. Every error is JSON {\"error\": {\"status\", \"message\"}} with a 4xx status for a bad request: 400 for a malformed or out-of-range value (the message says which key or parameter, what was expected and what was found; a body that is not JSON is located by byte offset), 404 for an unknown id, model or path, 405 with an Allow header for a method a path does not have (components/responses/MethodNotAllowed), 413 for a body over 1 MiB."
      },
      "servers": [{"url": "http://127.0.0.1:8080"}],
      "paths": {
        "/health": {
          "get": {
            "summary": "Liveness and what is loaded",
            "operationId": "health",
            "responses": {"200": {"description": "Serving", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}
          }
        },
        "/models": {
          "get": {
            "summary": "Every loaded model file with its provenance",
            "operationId": "models",
            "responses": {"200": {"description": "Loaded models", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Models"}}}}}
          }
        },
        "/openapi.json": {
          "get": {
            "summary": "This document",
            "operationId": "openapi",
            "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {"schema": {"type": "object"}}}}}
          }
        },
        "/movies/search": {
          "get": {
            "summary": "Movies whose title contains q (case-insensitive); titles starting with q first, then shorter titles",
            "operationId": "searchMovies",
            "parameters": [
              {"name": "q", "in": "query", "required": true, "description": "Part of a title, 1 to 200 characters", "schema": {"type": "string", "minLength": 1, "maxLength": 200}, "example": "incep"},
              {"$ref": "#/components/parameters/N"}
            ],
            "responses": {
              "200": {"description": "Matching movies (possibly none)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Search"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}
            }
          }
        },
        "/movies/{id}/similar": {
          "get": {
            "summary": "The n movies most similar to a movie by cosine similarity in the content or collaborative latent space, or their weighted mean (hybrid)",
            "operationId": "similarMovies",
            "parameters": [
              {"$ref": "#/components/parameters/MovieId"},
              {"name": "method", "in": "query", "required": false, "schema": {"type": "string", "enum": ["content", "collab", "hybrid"], "default": "hybrid"}},
              {"$ref": "#/components/parameters/N"}
            ],
            "responses": {
              "200": {"description": "Most similar first; ties by model row", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Similar"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/users/{id}/recommendations": {
          "get": {
            "summary": "The n movies with the highest predicted rating among those the user did not rate in the model's training data",
            "operationId": "recommendations",
            "parameters": [
              {"$ref": "#/components/parameters/UserId"},
              {"$ref": "#/components/parameters/N"},
              {"$ref": "#/components/parameters/Model"}
            ],
            "responses": {
              "200": {"description": "Best first; ties by smaller movie inner id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Recommendations"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/users/{id}/predictions/{movieId}": {
          "get": {
            "summary": "The model's predicted rating of one movie by one user (clipped to the rating scale; the global mean when impossible)",
            "operationId": "prediction",
            "parameters": [
              {"$ref": "#/components/parameters/UserId"},
              {"name": "movieId", "in": "path", "required": true, "description": "MovieLens movieId", "schema": {"type": "integer", "format": "int64"}},
              {"$ref": "#/components/parameters/Model"}
            ],
            "responses": {
              "200": {"description": "The prediction", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Prediction"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/predictions": {
          "post": {
            "summary": "Predicted ratings for a batch of (user, movie) pairs, in request order",
            "operationId": "predictions",
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}, "example": {"model": "svd", "pairs": [{"user": 1, "movie": 31}, {"user": 2, "movie": 79132}]}}}
            },
            "responses": {
              "200": {"description": "One prediction per pair", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchResponse"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"description": "Body larger than 1 MiB", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        }
      },
      "components": {
        "parameters": {
          "MovieId": {"name": "id", "in": "path", "required": true, "description": "MovieLens movieId", "schema": {"type": "integer", "format": "int64"}, "example": 79132},
          "UserId": {"name": "id", "in": "path", "required": true, "description": "MovieLens userId", "schema": {"type": "integer", "format": "int64"}, "example": 1},
          "N": {"name": "n", "in": "query", "required": false, "description": "How many results", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
          "Model": {"name": "model", "in": "query", "required": false, "description": "A rating model's name from the experiment file (see /models); default: the experiment's recommend model", "schema": {"type": "string"}, "example": "svd"}
        },
        "responses": {
          "BadRequest": {"description": "Malformed id, n out of range, unknown similarity method; a body that is not JSON (byte offset), of the wrong type (key path, expected and found), missing a key, with an unknown key or a value out of range", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "Unknown movie, user or model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "MethodNotAllowed": {
            "description": "Any method that a documented path does not list here (e.g. POST /health, GET /predictions); a path that is not documented is a 404",
            "headers": {"Allow": {"description": "The path's methods, comma-separated (e.g. GET)", "required": true, "schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          }
        },
        "schemas": {
          "Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {"type": "object", "required": ["status", "message"], "properties": {"status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "The response's status"}, "message": {"type": "string", "minLength": 1}}}}
          },
          "Health": {
            "type": "object", "required": ["status", "experiment", "ratingModels", "similarity", "uptimeSeconds"],
            "properties": {
              "status": {"type": "string", "enum": ["ok"]},
              "experiment": {"type": "string"},
              "ratingModels": {"type": "array", "items": {"type": "string"}},
              "similarity": {"type": "boolean"},
              "similarListsCached": {"type": "integer", "description": "Movies whose similar lists are computed and kept (a warm-up pass fills them after start)"},
              "similarListsTotal": {"type": "integer"},
              "uptimeSeconds": {"type": "number"}
            }
          },
          "MovieRef": {"type": "object", "required": ["movieId", "title"], "properties": {"movieId": {"type": "integer"}, "title": {"type": "string"}}},
          "SimilarItem": {
            "type": "object", "required": ["movieId", "title", "score", "content", "collab", "hybrid"],
            "properties": {
              "movieId": {"type": "integer"}, "title": {"type": "string"},
              "score": {"type": "number", "minimum": \#(APIRange.similarity.lowerBound), "maximum": \#(APIRange.similarity.upperBound), "description": "The score of the requested method"},
              "content": {"type": "number", "minimum": \#(APIRange.similarity.lowerBound), "maximum": \#(APIRange.similarity.upperBound), "description": "Cosine similarity in the content latent space"},
              "collab": {"type": "number", "minimum": \#(APIRange.similarity.lowerBound), "maximum": \#(APIRange.similarity.upperBound), "description": "Cosine similarity in the collaborative latent space"},
              "hybrid": {"type": "number", "minimum": \#(APIRange.similarity.lowerBound), "maximum": \#(APIRange.similarity.upperBound), "description": "Weighted mean of content and collab"}
            }
          },
          "Similar": {
            "type": "object", "required": ["movie", "method", "n", "similar"],
            "properties": {
              "movie": {"$ref": "#/components/schemas/MovieRef"},
              "method": {"type": "string", "enum": ["content", "collab", "hybrid"]},
              "n": {"type": "integer"},
              "similar": {"type": "array", "items": {"$ref": "#/components/schemas/SimilarItem"}}
            }
          },
          "SearchHit": {
            "type": "object", "required": ["movieId", "title", "inSimilarityModel"],
            "properties": {"movieId": {"type": "integer"}, "title": {"type": "string"}, "inSimilarityModel": {"type": "boolean"}}
          },
          "Search": {
            "type": "object", "required": ["query", "movies"],
            "properties": {"query": {"type": "string"}, "movies": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}}}
          },
          "RecommendationItem": {
            "type": "object", "required": ["movieId", "title", "predictedRating"],
            "properties": {"movieId": {"type": "integer"}, "title": {"type": "string"}, "predictedRating": {"type": "number", "minimum": \#(APIRange.rating.lowerBound), "maximum": \#(APIRange.rating.upperBound), "description": "Clipped to the model's rating scale"}}
          },
          "Recommendations": {
            "type": "object", "required": ["userId", "model", "n", "excludedRated", "recommendations"],
            "properties": {
              "userId": {"type": "integer"}, "model": {"type": "string"}, "n": {"type": "integer"},
              "excludedRated": {"type": "integer", "description": "Movies the user rated in the training data, left out"},
              "recommendations": {"type": "array", "items": {"$ref": "#/components/schemas/RecommendationItem"}}
            }
          },
          "Prediction": {
            "type": "object", "required": ["userId", "movieId", "title", "model", "prediction", "wasImpossible", "knownUser", "knownMovie"],
            "properties": {
              "userId": {"type": "integer"}, "movieId": {"type": "integer"}, "title": {"type": "string"}, "model": {"type": "string"},
              "prediction": {"type": "number", "minimum": \#(APIRange.rating.lowerBound), "maximum": \#(APIRange.rating.upperBound), "description": "Clipped to the model's rating scale (MovieLens: 0.5 to 5 or 1 to 5)"},
              "wasImpossible": {"type": "boolean", "description": "The model could not estimate; the prediction is the global mean"},
              "knownUser": {"type": "boolean"}, "knownMovie": {"type": "boolean"}
            }
          },
          "BatchRequest": {
            "type": "object", "required": ["pairs"], "additionalProperties": false,
            "properties": {
              "model": {"type": "string", "description": "Default: the experiment's recommend model"},
              "pairs": {
                "type": "array", "minItems": 1, "maxItems": 10000,
                "items": {
                  "type": "object", "required": ["user", "movie"], "additionalProperties": false,
                  "properties": {"user": {"type": "integer", "format": "int64"}, "movie": {"type": "integer", "format": "int64"}}
                }
              }
            }
          },
          "BatchResponse": {
            "type": "object", "required": ["model", "predictions"],
            "properties": {"model": {"type": "string"}, "predictions": {"type": "array", "items": {"$ref": "#/components/schemas/Prediction"}}}
          },
          "ModelInfo": {
            "type": "object",
            "required": ["name", "kind", "payloadType", "file", "bytes", "isDefault", "movies", "parameters", "trainedOn", "reclabVersion", "experimentHash", "dataChecksum", "createdAt"],
            "properties": {
              "name": {"type": "string"}, "kind": {"type": "string"}, "payloadType": {"type": "string"},
              "file": {"type": "string"}, "bytes": {"type": "integer"}, "isDefault": {"type": "boolean"},
              "users": {"type": "integer"}, "movies": {"type": "integer"}, "trainingRatings": {"type": "integer"},
              "factors": {"type": "integer"},
              "components": {"type": "object", "additionalProperties": {"type": "integer"}},
              "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
              "trainedOn": {"type": "string"}, "trialId": {"type": "string"}, "seed": {"type": "integer"},
              "reclabVersion": {"type": "string"}, "experimentHash": {"type": "string"}, "dataChecksum": {"type": "string"},
              "createdAt": {"type": "string", "format": "date-time"}
            }
          },
          "Models": {
            "type": "object", "required": ["experiment", "directory", "loadSeconds", "models"],
            "properties": {
              "experiment": {"type": "string"}, "experimentHash": {"type": "string"}, "directory": {"type": "string"},
              "run": {
                "type": "object", "required": ["reclabVersion", "startedAt", "finishedAt", "command"],
                "properties": {
                  "reclabVersion": {"type": "string"}, "gitCommit": {"type": "string"}, "gitDirty": {"type": "boolean"},
                  "startedAt": {"type": "string"}, "finishedAt": {"type": "string"}, "command": {"type": "string"}
                }
              },
              "loadSeconds": {"type": "number"},
              "models": {"type": "array", "items": {"$ref": "#/components/schemas/ModelInfo"}}
            }
          }
        }
      }
    }
    """#
}
