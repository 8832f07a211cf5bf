// The one #load of every study script: references the built DSL and core.
// Build them first (once per checkout): dotnet build ReluStudy.sln -c Release
#I "ReluStudy.Dsl/bin/Release/net10.0"
#r "ReluStudy.Core.dll"
#r "ReluStudy.Dsl.dll"
