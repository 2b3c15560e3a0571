using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Testing;

public class TeiSpecTests
{
    private static OpenApiSpec Spec => PublishedSpecs.Tei;

    [SpecFact(SpecsFolder.Tei)]
    public void Accepts_an_embed_request_with_a_batch_of_inputs()
    {
        Assert.Empty(Spec.ValidateRequest("POST", "/embed", """{"inputs":["a","b"],"normalize":true,"truncate":null}"""));
    }

    [SpecFact(SpecsFolder.Tei)]
    public void Accepts_inputs_that_match_two_oneOf_branches()
    {
        // [] is both an empty token list and an empty batch; exactly-one oneOf would reject it.
        Assert.Empty(Spec.ValidateRequest("POST", "/embed", """{"inputs":[]}"""));
    }

    [SpecFact(SpecsFolder.Tei)]
    public void Rejects_an_embed_request_with_a_numeric_input_and_no_body_at_all()
    {
        Assert.Equal("$.inputs: expected string or array, got integer",
            Assert.Single(Spec.ValidateRequest("POST", "/embed", """{"inputs":42}""")).ToString());
        Assert.Equal("$: the request body is required", Assert.Single(Spec.ValidateRequest("POST", "/embed", null)).ToString());
    }

    [SpecFact(SpecsFolder.Tei)]
    public void Rejects_negative_token_ids_as_out_of_range_for_int32_minimum()
    {
        var violations = Spec.ValidateRequest("POST", "/embed", """{"inputs":[[1,-2]]}""");

        Assert.Contains(violations, v => v.Path == "$.inputs[0][1]" && v.Message.Contains("minimum 0"));
    }

    [SpecFact(SpecsFolder.Tei)]
    public void Validates_embed_responses_and_error_bodies_by_status()
    {
        Assert.Empty(Spec.ValidateResponse("POST", "/embed", 200, "[[0.1,0.2],[0.3,0.4]]"));
        Assert.Empty(Spec.ValidateResponse("POST", "/embed", 413, """{"error":"Batch size error","error_type":"Validation"}"""));
        Assert.Contains(Spec.ValidateResponse("POST", "/embed", 422, """{"error":"x","error_type":"nope"}"""),
            v => v.Path == "$.error_type");
    }

    [SpecFact(SpecsFolder.Tei)]
    public void Reports_an_undeclared_status_code()
    {
        Assert.Equal("status", Assert.Single(Spec.ValidateResponse("POST", "/embed", 418, "{}")).Path);
    }

    [SpecFact(SpecsFolder.Tei)]
    public void Flags_the_lower_case_error_type_that_the_specs_own_examples_use()
    {
        // The document's examples say "validation"; its ErrorType enum says "Validation". A test double
        // copying the examples fails here, so doubles must follow the enum (or the spec must be fixed).
        var violation = Assert.Single(Spec.ValidateResponse("POST", "/embed", 413, """{"error":"Batch size error","error_type":"validation"}"""));

        Assert.Equal("$.error_type", violation.Path);
    }
}
