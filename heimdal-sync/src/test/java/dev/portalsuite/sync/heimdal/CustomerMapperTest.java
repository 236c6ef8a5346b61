package dev.portalsuite.sync.heimdal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.sync.portal.SyncRecord;
import org.junit.jupiter.api.Test;

class CustomerMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CustomerMapper mapper = new CustomerMapper("500");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private CustomerMapper.Result map(String text) {
        return mapper.map(json(text));
    }

    @Test
    void resellerBecomesAnMspAndCorpAClientUnderItsReseller() {
        CustomerMapper.Result reseller = map("{'customerId':'r1','customerName':' Reseller ','type':'RESELLER','parentId':'500',"
                + "'licenseType':'MSP','splaLicense':false,'purchasedLicenses':10,'activeLicenses':8,'devices':7}");
        assertThat(reseller.record()).isEqualTo(new SyncRecord("r1", "MSP", "Reseller", null, "MSP", false, 10, 8, 7));
        CustomerMapper.Result corp = map("{'customerId':'c1','customerName':'Corp','type':'corp','parentId':'r1'}");
        assertThat(corp.record()).isEqualTo(new SyncRecord("c1", "CLIENT", "Corp", "r1", null, null, null, null, null));
    }

    @Test
    void aliasesAndSpellingsOfFieldNames() {
        assertThat(map("{'ID':42,'NAME':'A','CustomerType':'Corp','ResellerID':7,'Licenses':'12','DeviceCount':3}").record())
                .isEqualTo(new SyncRecord("42", "CLIENT", "A", "7", null, null, 12, null, 3));
        assertThat(map("{'customer_id':'x','customer_name':'B','customer_type':'RESELLER','spla_license':'TRUE'}").record())
                .isEqualTo(new SyncRecord("x", "MSP", "B", null, null, true, null, null, null));
        // customerId wins over id, customerName over name
        assertThat(map("{'id':'second','customerId':'first','name':'n2','customerName':'n1','type':'CORP'}").record())
                .isEqualTo(new SyncRecord("first", "CLIENT", "n1", null, null, null, null, null, null));
    }

    @Test
    void aClientOfTheMsspItselfHasNoParentAndTheMsspIsSkipped() {
        assertThat(map("{'customerId':'c','customerName':'C','type':'CORP','resellerId':'500'}").record().parentExternalId()).isNull();
        CustomerMapper.Result self = map("{'customerId':500,'customerName':'Us','type':'RESELLER'}");
        assertThat(self.skipped()).isTrue();
        assertThat(self.isRejected()).isFalse();
    }

    @Test
    void badCustomersAreRejectedWithEveryReason() {
        CustomerMapper.Result unknown = map("{'customerId':'d1','customerName':'D','type':'DISTRIBUTOR'}");
        assertThat(unknown.isRejected()).isTrue();
        assertThat(unknown.externalId()).isEqualTo("d1");
        assertThat(unknown.rejection()).contains("unknown customer type 'DISTRIBUTOR'");

        CustomerMapper.Result many = map("{'customerId':'d2','type':7,'devices':-1,'activeLicenses':1.5,'splaLicense':'maybe',"
                + "'purchasedLicenses':99999999999}");
        assertThat(many.rejection()).contains("customer type must be a string").contains("no customerName/name")
                .contains("devices/deviceCount").contains("activeLicenses").contains("splaLicense").contains("purchasedLicenses");

        assertThat(map("{'customerName':'No id','type':'CORP'}").rejection()).contains("no customer id");
        assertThat(map("{'customerId':'','customerName':'x','type':'CORP'}").rejection()).contains("no customer id");
        assertThat(map("{'customerId':'s','customerName':'x','type':'CORP','parentId':'s'}").rejection()).contains("own reseller");
        assertThat(map("{'customerId':'t','customerName':'x'}").rejection()).contains("no customer type");
        assertThat(mapper.map(json("\"just a string\"")).rejection()).contains("not a JSON object");
        assertThat(mapper.map(json("null")).isRejected()).isTrue();
        assertThat(map("{'customerId':'n','customerName':'" + "x".repeat(201) + "','type':'CORP'}").rejection())
                .contains("at most 200");
    }

    @Test
    void idOfReadsTheIdForPagingChecks() {
        assertThat(CustomerMapper.idOf(json("{'CustomerId':12}"))).isEqualTo("12");
        assertThat(CustomerMapper.idOf(json("{'name':'x'}"))).isNull();
        assertThat(CustomerMapper.idOf(json("[1]"))).isNull();
    }
}
